package discord

import (
	"maps"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/smtpbot/smtpbot/catalog/catalogtest"
	"github.com/smtpbot/smtpbot/tests/golden"
)

// registerBodies are the bodies Register sends, one JSON value a command.
func registerBodies(t *testing.T, keep func(discordgo.Locale) bool) []byte {
	t.Helper()
	var out []byte
	for _, c := range Commands(catalogtest.Load(t)) {
		body := commandJSON(c)
		body.NameLoc, body.DescLoc = only(body.NameLoc, keep), only(body.DescLoc, keep)
		body.Options = onlyOptions(body.Options, keep)
		out = append(out, golden.Marshal(t, body)...)
	}
	return out
}

func only(m map[discordgo.Locale]string, keep func(discordgo.Locale) bool) map[discordgo.Locale]string {
	if m == nil {
		return nil
	}
	m = maps.Clone(m)
	maps.DeleteFunc(m, func(l discordgo.Locale, _ string) bool { return !keep(l) })
	return m
}

func onlyOptions(opts []optionBody, keep func(discordgo.Locale) bool) []optionBody {
	for i := range opts {
		opts[i].NameLoc, opts[i].DescLoc = only(opts[i].NameLoc, keep), only(opts[i].DescLoc, keep)
		opts[i].Options = onlyOptions(opts[i].Options, keep)
	}
	return opts
}

// The commands as registered, in every language the catalog's frames
// translate (`smtpbot discord register` sends these bodies).
func TestRegisterBodies(t *testing.T) {
	golden.Check(t, "register.golden", registerBodies(t, func(discordgo.Locale) bool { return true }))
}

// English and Vietnamese are registered exactly as they were when their
// texts were written in Go: register-en-vi.golden is the output of
// Commands() before the texts moved to the frames.
func TestRegisterBodiesEnglishVietnamese(t *testing.T) {
	golden.Check(t, "register-en-vi.golden", registerBodies(t, func(l discordgo.Locale) bool { return l == discordgo.Vietnamese }))
}
