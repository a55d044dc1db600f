//go:build tools

// tools.go pins modules that packages use only in some files or tests, so
// go.mod lists them while the work is in progress.

package main

import (
	_ "github.com/bwmarrin/discordgo"
	_ "github.com/chromedp/chromedp"
	_ "github.com/google/go-cmp/cmp"
	_ "github.com/gorilla/websocket"
	_ "github.com/redis/go-redis/v9"
	_ "github.com/sahilm/fuzzy"
	_ "github.com/slack-go/slack"
	_ "github.com/slack-go/slack/slackevents"
	_ "github.com/slack-go/slack/socketmode"
	_ "github.com/slack-go/slack/slacktest"
	_ "golang.org/x/time/rate"
	_ "sigs.k8s.io/yaml"
	_ "github.com/prometheus/client_golang/prometheus/testutil"
)
