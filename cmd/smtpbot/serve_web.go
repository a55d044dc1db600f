package main

import (
	"fmt"
	"time"

	"github.com/smtpbot/smtpbot/adapters/platform"
	"github.com/smtpbot/smtpbot/adapters/web"
)

// newWeb builds the web pages and the JSON API unless --web=false. The web
// has no credentials, so it is on by default: `smtpbot serve` alone is a
// working service.
func newWeb(cfg serveConfig, sh platform.Services) (platform.Platform, string, error) {
	if !cfg.web {
		return nil, "web: off (--web=false / SMTPBOT_WEB=false)", nil
	}
	retry := time.Second
	if r := cfg.user; r.PerMinute > 0 {
		retry = time.Duration(float64(time.Minute) / r.PerMinute)
	}
	h, err := web.New(web.Config{
		Bot:         sh.Bot,
		Log:         sh.Log,
		Metrics:     sh.Metrics,
		Limiter:     sh.Limiter,
		RetryAfter:  retry,
		BaseURL:     sh.BaseURL,
		MaxQuestion: cfg.maxQuestion,
		TrustProxy:  cfg.trustProxy,
	})
	if err != nil {
		return nil, "", fmt.Errorf("serve: %w", err)
	}
	where := "relative links (set SMTPBOT_PUBLIC_URL for absolute ones and chat links)"
	if sh.BaseURL != "" {
		where = sh.BaseURL
	}
	return h, "web: on (pages at /, /compare/…, /code/…; API at /api/ask, /api/codes; " + where + ")", nil
}
