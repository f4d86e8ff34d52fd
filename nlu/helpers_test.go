package nlu

import (
	"sync"
	"testing"
	"time"

	"github.com/mspbot/mspbot/config"
	"github.com/mspbot/mspbot/knowledge"
)

// testNow is the moment the tests read messages at: Tuesday, 10 March
// 2026, 09:30 in Hamburg (a working day, no holiday near).
var testNow = time.Date(2026, 3, 10, 9, 30, 0, 0, berlin())

func berlin() *time.Location {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		panic(err)
	}
	return loc
}

var (
	readerOnce sync.Once
	reader     *Reader
	readerErr  error
)

// testReader builds the Reader the way cmd/mspbot/app.go does: the
// classifier over the embedded knowledge base with the configured
// threshold, the calendar of the configured zone, business hours and
// holiday state, and the configured phone region, all at their defaults.
func testReader(t testing.TB) *Reader {
	t.Helper()
	readerOnce.Do(func() {
		cfg, err := config.Load(func(string) (string, bool) { return "", false })
		if err != nil {
			readerErr = err
			return
		}
		cal, err := cfg.Calendar()
		if err != nil {
			readerErr = err
			return
		}
		reader = &Reader{
			Classifier: knowledge.NewClassifier(knowledge.Embedded(), knowledge.Options{Threshold: cfg.Threshold}),
			Calendar:   cal,
			Region:     cfg.PhoneRegion,
		}
	})
	if readerErr != nil {
		t.Fatalf("building the reader: %v", readerErr)
	}
	return reader
}

// read reads text at testNow.
func read(t testing.TB, text string) *Message {
	t.Helper()
	return testReader(t).Read(text, testNow)
}
