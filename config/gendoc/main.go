// Command gendoc writes the settings reference, generated from
// config.Settings, between the markers of docs/settings.md:
//
//	go generate ./config        (runs: go run ./gendoc ../docs/settings.md)
package main

import (
	"fmt"
	"os"

	"github.com/mspbot/mspbot/config"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: gendoc docs/settings.md")
		os.Exit(2)
	}
	if err := run(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "gendoc:", err)
		os.Exit(1)
	}
}

func run(path string) error {
	page, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("read: %w", err)
	}
	doc, err := config.SettingsDoc()
	if err != nil {
		return fmt.Errorf("generate: %w", err)
	}
	out, err := config.ReplaceDoc(string(page), doc)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if out == string(page) {
		return nil
	}
	if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
		return fmt.Errorf("write: %w", err)
	}
	return nil
}
