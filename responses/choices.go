package responses

import (
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/smtpbot/smtpbot/bot"
)

// Discord's limits on autocomplete
// (https://discord.com/developers/docs/interactions/application-commands#autocomplete).
const (
	DiscordMaxChoices    = 25
	DiscordMaxChoiceName = 100 // also the longest value
)

// DiscordChoices turns the core's suggestions into autocomplete choices:
// named by the code and its name, valued by the code. When nothing is
// suggested, what was typed is offered as it is, so the user can still
// send it and get the bot's "did you mean".
func DiscordChoices(typed string, s []bot.Suggestion) []*discordgo.ApplicationCommandOptionChoice {
	out := make([]*discordgo.ApplicationCommandOptionChoice, 0, min(len(s), DiscordMaxChoices))
	for _, x := range s[:min(len(s), DiscordMaxChoices)] {
		name := x.Code
		if x.Name != "" {
			name += " · " + x.Name
		}
		out = append(out, &discordgo.ApplicationCommandOptionChoice{Name: truncate(name, DiscordMaxChoiceName), Value: truncate(x.Code, DiscordMaxChoiceName)})
	}
	if typed = strings.TrimSpace(typed); len(out) == 0 && typed != "" {
		v := truncate(typed, DiscordMaxChoiceName)
		out = append(out, &discordgo.ApplicationCommandOptionChoice{Name: v, Value: v})
	}
	return out
}
