package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/mspbot/mspbot/config"
	"github.com/mspbot/mspbot/handlers"
	"github.com/mspbot/mspbot/knowledge"
	"github.com/mspbot/mspbot/knowledge/llm"
)

// grounder is the optional language-model step.
type grounder = handlers.Grounder

// newGrounder builds the language-model step from the OPENAI_* settings.
// log gets the model's failures and rejected answers (nil: slog.Default()).
func newGrounder(cfg *config.Config, base *knowledge.Base, log *slog.Logger) (grounder, error) {
	if cfg.OpenAIKey == "" {
		return nil, errors.New("OPENAI_API_KEY is not set")
	}
	g, err := llm.New(base, llm.Options{APIKey: cfg.OpenAIKey, BaseURL: cfg.OpenAIBaseURL, Model: cfg.OpenAIModel, Timeout: cfg.LLMTimeout, Logger: log})
	if err != nil {
		return nil, err
	}
	return g, nil
}

// loadKnowledge builds the knowledge base: the embedded one, extended or
// replaced by MSPBOT_KNOWLEDGE_FILE.
func loadKnowledge(cfg *config.Config) (*knowledge.Base, error) {
	base := knowledge.Embedded()
	if cfg.KnowledgeFile == "" {
		return base, nil
	}
	f, err := os.Open(cfg.KnowledgeFile)
	if err != nil {
		return nil, fmt.Errorf("MSPBOT_KNOWLEDGE_FILE: %w", err)
	}
	defer f.Close()
	own, err := knowledge.Load(f)
	if err != nil {
		return nil, fmt.Errorf("MSPBOT_KNOWLEDGE_FILE %s: %w", cfg.KnowledgeFile, err)
	}
	if cfg.KnowledgeMode == "replace" {
		return own, nil
	}
	if err := base.Merge(own, true); err != nil {
		return nil, fmt.Errorf("MSPBOT_KNOWLEDGE_FILE %s: %w", cfg.KnowledgeFile, err)
	}
	return base, nil
}

// loadClassifier reads the configuration and the knowledge base and builds
// the classifier, telling stderr what is wrong (ok false: exit 2).
func loadClassifier(cmd string, stderr io.Writer, getenv func(string) (string, bool)) (*config.Config, *knowledge.Base, *knowledge.Classifier, bool) {
	cfg, ok := loadConfig(stderr, getenv)
	if !ok {
		return nil, nil, nil, false
	}
	base, err := loadKnowledge(cfg)
	if err != nil {
		fmt.Fprintf(stderr, "mspbot %s: %v\n", cmd, err)
		return nil, nil, nil, false
	}
	return cfg, base, knowledge.NewClassifier(base, knowledge.Options{Threshold: cfg.Threshold}), true
}

// classifyLine is one answer line of `mspbot classify`.
type classifyLine struct {
	Text       string   `json:"text"`
	Lang       string   `json:"lang,omitempty"`
	Intent     string   `json:"intent,omitempty"`
	Verdict    string   `json:"verdict,omitempty"`
	Confidence *float64 `json:"confidence,omitempty"`
	Answer     string   `json:"answer,omitempty"`
	Sources    []string `json:"sources,omitempty"`
	Error      string   `json:"error,omitempty"`
}

// classify reads JSON Lines with a "text" field from stdin and writes one
// JSON object per line, in order. A line that cannot be read gets an object
// with "error", so the output stays aligned with the input.
func classify(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) (string, bool)) int {
	useLLM := false
	for _, a := range args {
		switch a {
		case "--llm", "-llm":
			useLLM = true
		default:
			fmt.Fprintf(stderr, "usage: mspbot classify [--llm] < messages.jsonl\n")
			return 2
		}
	}
	cfg, base, clf, ok := loadClassifier("classify", stderr, getenv)
	if !ok {
		return 2
	}
	var err error
	var g grounder
	if useLLM {
		if g, err = newGrounder(cfg, base, slog.New(slog.NewTextHandler(stderr, nil))); err != nil {
			fmt.Fprintf(stderr, "mspbot classify --llm: %v\n", err)
			return 2
		}
	}
	in := bufio.NewReaderSize(stdin, 64<<10)
	out := bufio.NewWriterSize(stdout, 64<<10)
	defer out.Flush()
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	for n := 1; ; n++ {
		line, err := in.ReadBytes('\n')
		if len(bytes.TrimSpace(line)) > 0 {
			var msg struct {
				Text *string `json:"text"`
			}
			var res classifyLine
			switch jerr := json.Unmarshal(line, &msg); {
			case jerr != nil:
				res.Error = fmt.Sprintf("line %d: not a JSON object: %v", n, jerr)
			case msg.Text == nil:
				res.Error = fmt.Sprintf("line %d: missing field \"text\"", n)
			default:
				r := clf.Classify(*msg.Text)
				if g != nil && r.Unsure {
					r = g.Ground(ctx, *msg.Text, r)
				}
				conf := r.Confidence
				res = classifyLine{Text: *msg.Text, Lang: string(r.Lang), Intent: string(r.Intent), Verdict: string(r.Verdict),
					Confidence: &conf, Answer: r.Answer, Sources: r.Sources}
			}
			if werr := enc.Encode(res); werr != nil {
				fmt.Fprintf(stderr, "mspbot classify: %v\n", werr)
				return 1
			}
		}
		if errors.Is(err, io.EOF) {
			return 0
		}
		if err != nil {
			fmt.Fprintf(stderr, "mspbot classify: reading input: %v\n", err)
			return 1
		}
	}
}

// eval prints intent and joint accuracy of labelled JSON Lines files.
func eval(args []string, stdout, stderr io.Writer, getenv func(string) (string, bool)) int {
	if len(args) == 0 {
		fmt.Fprintf(stderr, "usage: mspbot eval FILE.jsonl [FILE.jsonl ...]\n")
		return 2
	}
	_, _, clf, ok := loadClassifier("eval", stderr, getenv)
	if !ok {
		return 2
	}
	for _, path := range args {
		f, err := os.Open(path)
		if err != nil {
			fmt.Fprintf(stderr, "mspbot eval: %v\n", err)
			return 1
		}
		rep, err := knowledge.Evaluate(clf, f)
		f.Close()
		if err != nil {
			fmt.Fprintf(stderr, "mspbot eval: %s: %v\n", path, err)
			return 1
		}
		fmt.Fprintf(stdout, "== %s\n%s", path, rep.String())
	}
	return 0
}
