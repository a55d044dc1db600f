package main

import (
	"fmt"
	"time"

	"github.com/smtpbot/smtpbot/adapters/web"
)

// mountWeb mounts the web pages and the JSON API unless --web=false. The
// web has no credentials, so it is on by default: `smtpbot serve` alone is
// a working service.
func (s *server) mountWeb() error {
	if !s.cfg.web {
		s.summary = append(s.summary, "web: off (--web=false / SMTPBOT_WEB=false)")
		return nil
	}
	retry := time.Second
	if r := s.cfg.user; r.PerMinute > 0 {
		retry = time.Duration(float64(time.Minute) / r.PerMinute)
	}
	h, err := web.New(web.Config{
		Bot:         s.bot,
		Log:         s.log,
		Metrics:     s.metrics,
		Limiter:     s.limiter,
		RetryAfter:  retry,
		BaseURL:     s.baseURL,
		MaxQuestion: s.cfg.maxQuestion,
		TrustProxy:  s.cfg.trustProxy,
	})
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	h.Mount(s.mux)
	where := "relative links (set SMTPBOT_PUBLIC_URL for absolute ones and chat links)"
	if s.baseURL != "" {
		where = s.baseURL
	}
	s.summary = append(s.summary, "web: on (pages at /, /compare/…, /code/…; API at /api/ask, /api/codes; "+where+")")
	return nil
}
