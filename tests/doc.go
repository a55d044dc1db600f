// Package tests holds smtpbot's end-to-end tests: they build the real
// binary once and run `smtpbot serve` on loopback against fake Slack and
// Discord APIs, a real redis-server and headless Chromium, and check the
// deploy manifests against what the binary reads. It has no code of its own
// outside tests.
package tests
