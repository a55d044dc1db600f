package main

import (
	"fmt"
	"strings"

	"github.com/smtpbot/smtpbot/adapters/platform"
	"github.com/smtpbot/smtpbot/adapters/slack"
)

// slackSettings are Slack's settings, from the environment only (secrets):
//
//	SLACK_BOT_TOKEN       xoxb-…, required: posts answers
//	SLACK_SIGNING_SECRET  enables POST /slack/commands, /slack/events, /slack/interactions
//	SLACK_APP_TOKEN       xapp-…, enables Socket Mode (no public URL needed)
//	SLACK_API_URL         Web API base URL (tests point it at a fake)
type slackSettings struct {
	botToken, signingSecret, appToken, apiURL string
}

func slackEnv(getenv env) slackSettings {
	return slackSettings{
		botToken:      getenv("SLACK_BOT_TOKEN"),
		signingSecret: getenv("SLACK_SIGNING_SECRET"),
		appToken:      getenv("SLACK_APP_TOKEN"),
		apiURL:        getenv("SLACK_API_URL"),
	}
}

// newSlack builds the Slack platform when configured, and says what is on,
// or off and why.
func newSlack(cfg serveConfig, sh platform.Services) (platform.Platform, string, error) {
	c := cfg.slack
	switch {
	case c.botToken == "" && c.signingSecret == "" && c.appToken == "":
		return nil, "slack: off (SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET and SLACK_APP_TOKEN not set)", nil
	case c.botToken == "":
		return nil, "slack: off (SLACK_BOT_TOKEN not set)", nil
	case c.signingSecret == "" && c.appToken == "":
		return nil, "slack: off (set SLACK_SIGNING_SECRET for HTTP or SLACK_APP_TOKEN for Socket Mode)", nil
	}
	a, err := slack.New(slack.Config{
		SigningSecret: c.signingSecret,
		BotToken:      c.botToken,
		AppToken:      c.appToken,
		APIURL:        c.apiURL,
		Services:      sh,
		AnswerCache:   cfg.answerCache,
	})
	if err != nil {
		return nil, "", fmt.Errorf("serve: %w", err)
	}
	on := []string{"HTTP off (SLACK_SIGNING_SECRET not set)", "Socket Mode off (SLACK_APP_TOKEN not set)"}
	if c.signingSecret != "" {
		on[0] = "HTTP at /slack/commands, /slack/events, /slack/interactions"
	}
	if c.appToken != "" {
		on[1] = "Socket Mode on"
	}
	return a, "slack: on (" + strings.Join(on, "; ") + ")", nil
}
