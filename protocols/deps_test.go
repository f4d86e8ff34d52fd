package protocols

import (
	"os/exec"
	"strings"
	"testing"
)

// TestDomainImportsNeitherBotNorRedis holds the import direction: the
// protocol domain knows neither the chat engine nor Redis.
func TestDomainImportsNeitherBotNorRedis(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, dep := range strings.Fields(string(out)) {
		if dep == "github.com/mspbot/mspbot/bot" || strings.HasPrefix(dep, "github.com/mspbot/mspbot/redisstore") || strings.Contains(dep, "go-redis") {
			t.Errorf("protocols depends on %s", dep)
		}
	}
}
