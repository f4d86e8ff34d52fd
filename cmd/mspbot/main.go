// Command mspbot runs the mspbot chatbot for IT managed-service providers.
//
//	mspbot               serve the web chat and JSON API (and chat in the terminal when it is one)
//	mspbot serve         the same
//	mspbot chat          chat with the bot in the terminal only
//	mspbot config check  validate the configuration and print it, secrets masked
//	mspbot classify      classify JSON Lines from stdin (the contract other tools use)
//	mspbot eval FILE     accuracy on labelled messages
//	mspbot protocol verify [ID]  check meeting protocols (exit 1 when tampered)
//	mspbot healthcheck   exit 0 when the running bot is ready (for container health checks)
//	mspbot version       print the version
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // the provider's time zone, also in a scratch image

	"github.com/redis/go-redis/v9"
	"golang.org/x/term"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	// go-redis logs every failed dial itself; the bot says once that Redis
	// does not answer (redisup.go), so go-redis's lines are debug only.
	redis.SetLogger(redisLog{})
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.LookupEnv)
	stop()
	os.Exit(code)
}

const usage = `usage: mspbot [command]

commands:
  serve          serve the web chat, the JSON API, /healthz, /readyz and /metrics (default);
                 also chats in the terminal when standard input is one
  chat           chat with the bot in the terminal (a REPL on standard input)
  config check   validate the configuration and print it with secrets masked
  classify       read JSON Lines {"text":…} on stdin, write one JSON answer per line
                 (lang, intent, verdict, confidence, answer, sources); --llm asks the language model
  eval FILE…     print intent and intent+verdict accuracy on labelled JSON Lines files
  protocol verify [ID]
                 check every meeting protocol (or one) in Redis: hashes, signatures, event log;
                 exit 0 when all are valid, 1 when anything was tampered with
  converse FILE… play scripted conversations (JSON Lines) against the bot and check them;
                 --url for a running bot, else a bot of its own (docs/conversations.md)
  healthcheck    ask the running bot's /readyz (for container health checks); exit 0 when ready
  version        print the version

Settings come from MSPBOT_* environment variables, REDIS_URL and the YAML file
named by MSPBOT_CONFIG; see README.md.
`

// run is main without the process: it returns the exit code.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) (string, bool)) int {
	cmd := "serve"
	if len(args) > 0 {
		cmd = args[0]
		args = args[1:]
	}
	switch cmd {
	case "serve":
		return serve(ctx, stdin, stdout, stderr, getenv, isTerminal(stdin))
	case "chat":
		return chat(ctx, stdin, stdout, stderr, getenv)
	case "config":
		if len(args) != 1 || args[0] != "check" {
			fmt.Fprint(stderr, "usage: mspbot config check\n")
			return 2
		}
		return configCheck(stdout, stderr, getenv)
	case "classify":
		return classify(ctx, args, stdin, stdout, stderr, getenv)
	case "eval":
		return eval(args, stdout, stderr, getenv)
	case "healthcheck":
		return healthcheck(ctx, stderr, getenv)
	case "protocol":
		return protocolCommand(ctx, args, stdout, stderr, getenv)
	case "converse":
		return converseCommand(ctx, args, stdout, stderr, getenv)
	case "version", "-version", "--version":
		fmt.Fprintf(stdout, "mspbot %s\n", version)
		return 0
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "mspbot: unknown command %q\n\n%s", cmd, usage)
	return 2
}

func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
