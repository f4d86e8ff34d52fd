package redisstore_test

import (
	"testing"

	"github.com/redis/go-redis/v9"

	"github.com/mspbot/mspbot/redisstore"
)

func TestOpenChoosesTheClient(t *testing.T) {
	cases := []struct{ url, mode, want string }{
		{"redis://127.0.0.1:6379/2", "", "single"},
		{"rediss://user:pw@redis.example:6380/0", "auto", "single"},
		{"redis://127.0.0.1:26379?master_name=mymaster&addr=127.0.0.1:26380", "", "sentinel"},
		{"redis://127.0.0.1:7000?addr=127.0.0.1:7001&addr=127.0.0.1:7002", "", "cluster"},
		{"redis://127.0.0.1:7000", "cluster", "cluster"},
	}
	for _, tc := range cases {
		c, err := redisstore.Open(tc.url, tc.mode)
		if err != nil {
			t.Fatalf("Open(%q, %q): %v", tc.url, tc.mode, err)
		}
		if c.Mode != tc.want || c.Embedded {
			t.Errorf("Open(%q, %q) mode %s, want %s", tc.url, tc.mode, c.Mode, tc.want)
		}
		_, isCluster := c.Client.(*redis.ClusterClient)
		if isCluster != (tc.want == "cluster") {
			t.Errorf("Open(%q): cluster client = %v", tc.url, isCluster)
		}
		_ = c.Close()
	}
	for _, bad := range [][2]string{{"http://x", ""}, {"redis://x:1", "ring"}, {"redis://x:1?master_name=m&bogus=1", ""}} {
		if _, err := redisstore.Open(bad[0], bad[1]); err == nil {
			t.Errorf("Open(%q, %q) accepted", bad[0], bad[1])
		}
	}
}
