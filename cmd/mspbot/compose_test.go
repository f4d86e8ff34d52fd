package main

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/mspbot/mspbot/internal/redistest"
)

type composeFile struct {
	Services map[string]struct {
		Image       string            `yaml:"image"`
		Command     []string          `yaml:"command"`
		Volumes     []string          `yaml:"volumes"`
		Environment map[string]string `yaml:"environment"`
		EnvFile     string            `yaml:"env_file"`
		DependsOn   map[string]struct {
			Condition string `yaml:"condition"`
		} `yaml:"depends_on"`
		Healthcheck struct {
			Test []string `yaml:"test"`
		} `yaml:"healthcheck"`
	} `yaml:"services"`
}

// readEnvFile reads KEY=value lines as docker compose does.
func readEnvFile(t *testing.T, path string) map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	env := make(map[string]string)
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			t.Fatalf("%s: line %q is not KEY=value", path, line)
		}
		env[k] = v
	}
	return env
}

// TestComposeConfiguration reads docker-compose.yml and .env.example and
// runs the bot with the same settings (Docker does not run here): Redis with
// AOF, a volume and a health check, the bot waiting for a healthy Redis, and
// a configuration that validates and serves.
func TestComposeConfiguration(t *testing.T) {
	raw, err := os.ReadFile("../../docker-compose.yml")
	if err != nil {
		t.Fatal(err)
	}
	var c composeFile
	if err := yaml.Unmarshal(raw, &c); err != nil {
		t.Fatalf("docker-compose.yml: %v", err)
	}
	r, ok := c.Services["redis"]
	if !ok || !strings.HasPrefix(r.Image, "redis:7") {
		t.Fatalf("redis service missing or not Redis 7: %+v", r)
	}
	cmd := strings.Join(r.Command, " ")
	if !strings.Contains(cmd, "--appendonly yes") || len(r.Volumes) == 0 || !strings.HasSuffix(r.Volumes[0], ":/data") {
		t.Fatalf("redis must persist with AOF on a volume: %q %v", cmd, r.Volumes)
	}
	if !slices.Contains(r.Healthcheck.Test, "ping") {
		t.Fatalf("redis health check = %v", r.Healthcheck.Test)
	}
	b, ok := c.Services["mspbot"]
	if !ok || b.DependsOn["redis"].Condition != "service_healthy" {
		t.Fatalf("mspbot must wait for a healthy redis: %+v", b.DependsOn)
	}
	if b.Healthcheck.Test[len(b.Healthcheck.Test)-1] != "healthcheck" || b.EnvFile != ".env" {
		t.Fatalf("mspbot health check / env_file: %v %q", b.Healthcheck.Test, b.EnvFile)
	}
	// The protocol signing key lives on a volume, or recreating the container
	// would make a new key and earlier signatures unverifiable.
	if !slices.Contains(b.Volumes, "mspbot-data:/data") || !strings.HasPrefix(b.Environment["MSPBOT_SIGNING_KEY_FILE"], "/data/") {
		t.Fatalf("mspbot's signing key must be on its volume: %v %v", b.Volumes, b.Environment["MSPBOT_SIGNING_KEY_FILE"])
	}
	// So must the web chat's visitor key, or every restart would turn all
	// visitors away (their cookies signed with the lost key).
	if !strings.HasPrefix(b.Environment["MSPBOT_VISITOR_KEY_FILE"], "/data/") {
		t.Fatalf("mspbot's visitor key must be on its volume: %v", b.Environment["MSPBOT_VISITOR_KEY_FILE"])
	}

	env := readEnvFile(t, "../../.env.example")
	for k, v := range b.Environment {
		env[k] = v
	}
	getenv := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"config", "check"}, nil, &out, &errb, getenv); code != 2 || !strings.Contains(errb.String(), "example value") {
		t.Fatalf("the example API token was accepted: %d %s", code, errb.String())
	}
	env["MSPBOT_API_TOKEN"] = "a-provider-token-" + strings.Repeat("x", 16)
	errb.Reset()
	if code := run(context.Background(), []string{"config", "check"}, nil, &out, &errb, getenv); code != 0 {
		t.Fatalf("the compose configuration does not validate:\n%s", errb.String())
	}
	if !strings.Contains(out.String(), "REDIS_URL=redis://redis:6379/0") {
		t.Fatalf("compose REDIS_URL not used:\n%s", out.String())
	}

	// Serve with the same settings, Redis and the port swapped for this
	// machine's, and ask it through the health check the container uses.
	redistest.Open(t, redistest.DBCmd)
	var args []string
	for k, v := range env {
		switch k {
		case "REDIS_URL":
			v = redistest.DBURL(t, redistest.DBCmd)
		case "MSPBOT_HTTP_ADDR":
			continue
		case "MSPBOT_SIGNING_KEY_FILE", "MSPBOT_VISITOR_KEY_FILE":
			v = filepath.Join(t.TempDir(), "data", filepath.Base(v))
		}
		args = append(args, k+"="+v)
	}
	p := start(t, binPath, args...)
	addr := strings.TrimPrefix(p.url, "http://")
	hc := exec.Command(binPath, "healthcheck")
	hc.Env = append(os.Environ(), "MSPBOT_HTTP_ADDR="+addr, "MSPBOT_API_TOKEN="+env["MSPBOT_API_TOKEN"])
	if outb, err := hc.CombinedOutput(); err != nil {
		t.Fatalf("healthcheck against the running bot: %v %s", err, outb)
	}
	p.stop(t)
	if outb, err := hc.CombinedOutput(); err == nil {
		t.Fatalf("healthcheck passed with the bot stopped: %s", outb)
	}
}
