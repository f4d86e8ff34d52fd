package handlers

import (
	"context"
	"errors"
	"strings"

	"github.com/mspbot/mspbot/bot"
)

// staffStep reads which step a staff member takes on which record: from a
// reaction (its emoji looked up in steps) on a staff message linked to the
// record, or from a button (its action after prefix, the record id as its
// value). It returns bot.ErrSkip for events that are neither, and for
// reactions on messages that show no such record (byMessage returns an
// error wrapping notFound).
func staffStep(ctx context.Context, ev bot.Event, steps map[string]string, prefix string,
	byMessage func(ctx context.Context, message string) (string, error), notFound error) (step, id string, err error) {
	switch ev.Kind {
	case bot.KindReactionAdded:
		st, ok := steps[ev.Emoji]
		if !ok {
			return "", "", bot.ErrSkip
		}
		id, err := byMessage(ctx, MessageKey(ev.Target))
		if errors.Is(err, notFound) {
			return "", "", bot.ErrSkip
		}
		if err != nil {
			return "", "", err
		}
		return st, id, nil
	case bot.KindButton:
		return strings.TrimPrefix(ev.Action, prefix), ev.Value, nil
	}
	return "", "", bot.ErrSkip
}
