package main

// mountDiscord mounts the discord endpoints when configured and records why not otherwise.
func (s *server) mountDiscord() error {
	s.summary = append(s.summary, "discord: not built yet")
	return nil
}
