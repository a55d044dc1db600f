package main

import (
	"fmt"
	"strings"

	"github.com/smtpbot/smtpbot/adapters/slack"
)

// mountSlack mounts the Slack endpoints and Socket Mode when configured,
// and records in the summary what is on, or off and why.
//
//	SLACK_BOT_TOKEN       xoxb-…, required: posts answers
//	SLACK_SIGNING_SECRET  enables POST /slack/commands, /slack/events, /slack/interactions
//	SLACK_APP_TOKEN       xapp-…, enables Socket Mode (no public URL needed)
//	SLACK_API_URL         Web API base URL (tests point it at a fake)
func (s *server) mountSlack() error {
	secret := s.getenv("SLACK_SIGNING_SECRET")
	botToken := s.getenv("SLACK_BOT_TOKEN")
	appToken := s.getenv("SLACK_APP_TOKEN")
	switch {
	case botToken == "" && secret == "" && appToken == "":
		s.summary = append(s.summary, "slack: off (SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET and SLACK_APP_TOKEN not set)")
		return nil
	case botToken == "":
		s.summary = append(s.summary, "slack: off (SLACK_BOT_TOKEN not set)")
		return nil
	case secret == "" && appToken == "":
		s.summary = append(s.summary, "slack: off (set SLACK_SIGNING_SECRET for HTTP or SLACK_APP_TOKEN for Socket Mode)")
		return nil
	}
	a, err := slack.New(slack.Config{
		SigningSecret: secret,
		BotToken:      botToken,
		AppToken:      appToken,
		APIURL:        s.getenv("SLACK_API_URL"),
		BaseURL:       s.baseURL,
		Bot:           s.bot,
		Log:           s.log,
		Metrics:       s.metrics,
		Dedup:         s.dedup,
		Limiter:       s.limiter,
		Go:            s.background,
		AnswerCache:   s.cfg.answerCache,
	})
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	var on []string
	if secret != "" {
		s.mux.HandleFunc("POST /slack/commands", a.Commands)
		s.mux.HandleFunc("POST /slack/events", a.Events)
		s.mux.HandleFunc("POST /slack/interactions", a.Interactions)
		on = append(on, "HTTP at /slack/commands, /slack/events, /slack/interactions")
	} else {
		on = append(on, "HTTP off (SLACK_SIGNING_SECRET not set)")
	}
	if appToken != "" {
		s.runners = append(s.runners, runner{name: "slack socket mode", run: a.RunSocket})
		on = append(on, "Socket Mode on")
	} else {
		on = append(on, "Socket Mode off (SLACK_APP_TOKEN not set)")
	}
	s.runners = append(s.runners, runner{name: "slack auth.test", run: a.Identify})
	s.ready.add("slack", a.Ready)
	s.summary = append(s.summary, "slack: on ("+strings.Join(on, "; ")+")")
	return nil
}
