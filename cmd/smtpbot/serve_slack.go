package main

// mountSlack mounts the slack endpoints when configured and records why not otherwise.
func (s *server) mountSlack() error {
	s.summary = append(s.summary, "slack: not built yet")
	return nil
}
