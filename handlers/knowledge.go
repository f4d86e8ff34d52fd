package handlers

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/mspbot/mspbot/bot"
	"github.com/mspbot/mspbot/knowledge"
)

// Understander adapts the knowledge classifier to bot.Classifier. The full
// knowledge.Result travels in Understanding.Detail.
type Understander struct {
	Classifier *knowledge.Classifier
}

// Understand implements bot.Classifier. Questions about the bot itself
// ("what can you do?", "Hilfe") are smalltalk of kind SmalltalkHelp; the
// rest is the knowledge classifier's.
func (u Understander) Understand(_ context.Context, text string) bot.Understanding {
	r := u.Classifier.Classify(text)
	low := strings.ToLower(text)
	if mayBeForget(low) && forgetRE.MatchString(text) {
		return bot.Understanding{Intent: intentForget, Lang: string(r.Lang), Confidence: 0.9, Detail: r}
	}
	if strings.Contains(low, "va-") && apptIDRE.MatchString(text) {
		// A message naming a vendor appointment ("VA-26-0007 absagen") is
		// about that appointment.
		return bot.Understanding{Intent: string(knowledge.IntentVendorAppointment), Lang: string(r.Lang), Confidence: 0.95, Detail: r}
	}
	if helpRE.MatchString(knowledge.Normalize(text)) {
		return bot.Understanding{Intent: string(knowledge.IntentSmalltalk), Lang: string(r.Lang), Confidence: 0.9, Detail: SmalltalkHelp}
	}
	return bot.Understanding{Intent: string(r.Intent), Lang: string(r.Lang), Confidence: r.Confidence, Detail: r}
}

// forgetWords are the substrings one of which every forget request has.
var forgetWords = []string{"lösch", "loesch", "entfern", "vergiss", "vergessen", "delete", "erase", "remove", "forget", "erasure", "dsgvo", "gdpr"}

func mayBeForget(low string) bool {
	for _, w := range forgetWords {
		if strings.Contains(low, w) {
			return true
		}
	}
	return false
}

// helpRE matches a normalised message that asks what the bot can do.
var helpRE = regexp.MustCompile(`^\W*(?:(?:hallo|hi|hello|hey|moin)\W+)?(?:hilfe|help|menu|menue|` +
	`was (?:kannst du|koennen sie|koennt ihr|kann ich hier)(?: alles)?(?: (?:tun|machen|fragen))?|` +
	`wobei (?:kannst du|koennen sie) (?:mir )?helfen|womit (?:kannst du|koennen sie) (?:mir )?helfen|` +
	`wie (?:kannst du|koennen sie) (?:mir )?helfen|wer bist du|wer sind sie|` +
	`what (?:can|do) you (?:do|help with|offer)|how can you help(?: me)?|what are you|who are you|what can i ask(?: you)?)\W*$`)

// intentForget is a client's wish to have their data deleted; the knowledge
// classifier has no such intent, the Understander recognises it.
const intentForget = "forget"

// Grounder rephrases or resolves an answer with a language model, from the
// retrieved knowledge entries only. It returns the deterministic result
// unchanged whenever the model's answer does not validate.
type Grounder interface {
	Ground(ctx context.Context, text string, r knowledge.Result) knowledge.Result
}

// Answer replies from the knowledge base: the answer in the client's
// language and the sources it rests on. With a Grounder, unsure results are
// offered to it first.
func Answer(base *knowledge.Base, g Grounder, offers bool) bot.Handler {
	return bot.HandlerFunc(func(ctx context.Context, rw bot.Responder, req *bot.Request) error {
		r, ok := req.Understanding.Detail.(knowledge.Result)
		if !ok {
			return bot.ErrSkip
		}
		if g != nil && r.Unsure {
			r = g.Ground(ctx, req.Event.Text, r)
		}
		if _, err := rw.Reply(ctx, bot.Reply{Text: RenderAnswer(base, r)}); err != nil {
			return fmt.Errorf("knowledge answer: %w", err)
		}
		// The answer offered a callback: a plain "ja" next starts it.
		if offers && slices.Contains(r.Actions, knowledge.ActionOfferCallback) && req.Session.Dialogue == "" {
			req.Session.Start(dialogueOffer, "callback")
		}
		return nil
	})
}

// RenderAnswer is the chat text of a result: the answer, then the sources
// ("Quelle: …" / "Source: …"), each named once.
func RenderAnswer(base *knowledge.Base, r knowledge.Result) string {
	var b strings.Builder
	b.WriteString(strings.TrimSpace(r.Answer))
	var srcs []string
	for _, id := range r.Sources {
		if s := base.SourceText(id, r.Lang); s != "" && !slices.Contains(srcs, s) {
			srcs = append(srcs, s)
		}
	}
	if len(srcs) > 0 && !r.Unsure {
		label := "Quelle"
		if len(srcs) > 1 {
			label = "Quellen"
		}
		if r.Lang == knowledge.English {
			label = "Source"
			if len(srcs) > 1 {
				label = "Sources"
			}
		}
		b.WriteString("\n\n" + label + ": " + strings.Join(srcs, "; "))
	}
	return b.String()
}
