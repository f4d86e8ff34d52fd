package redisstore_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/mspbot/mspbot/redisstore"
)

// TestUnavailableClassifiesRedisErrors: the errors of a Redis that is away
// or failing over count as unavailable (the engine answers 503), wherever
// they are wrapped; Redis' answers about the data, an HTTP client's errors
// and plain failures do not.
func TestUnavailableClassifiesRedisErrors(t *testing.T) {
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
	// A real one: nothing listens on port 1.
	dead := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1", MaxRetries: -1, DialTimeout: 200 * time.Millisecond})
	defer dead.Close()
	realErr := dead.Incr(context.Background(), "k").Err()
	closed := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1"})
	_ = closed.Close()
	for _, c := range []struct {
		name string
		err  error
		want bool
	}{
		{"refused, as go-redis gives it", realErr, true},
		{"refused, wrapped by a store", fmt.Errorf("file ticket: %w", refused), true},
		{"reset", fmt.Errorf("create ticket: %w", syscall.ECONNRESET), true},
		{"closed mid-reply", fmt.Errorf("claim: %w", io.EOF), true},
		{"closed client", closed.Ping(context.Background()).Err(), true},
		{"pool timeout", fmt.Errorf("x: %w", redis.ErrPoolTimeout), true},
		{"READONLY from a script", fmt.Errorf("release: %w", redisErr("READONLY You can't write against a read only replica. script: 31c4…, on @user_script:8.")), true},
		{"CLUSTERDOWN", redisErr("CLUSTERDOWN The cluster is down"), true},
		{"TRYAGAIN", redisErr("TRYAGAIN Multiple keys request during rehashing of slot"), true},
		{"LOADING", redisErr("LOADING Redis is loading the dataset in memory"), true},
		{"MASTERDOWN", redisErr("MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'."), true},
		{"flattened to text", errors.New("hold: CLUSTERDOWN The cluster is down"), true},
		{"no sentinel answers", errors.New("redis: all sentinels specified in configuration are unreachable"), true},
		{"nil", nil, false},
		{"no such key", fmt.Errorf("get: %w", redis.Nil), false},
		{"a script's own error", redisErr("ERR user_script:3: attempt to compare nil with number"), false},
		{"wrong type", redisErr("WRONGTYPE Operation against a key holding the wrong kind of value"), false},
		{"an HTTP client's refused connection", fmt.Errorf("post to slack: %w", &url.Error{Op: "Post", URL: "https://slack.com/api/chat.postMessage", Err: refused}), false},
		{"a plain failure", errors.New("ticket CB-26-0001: decode: unexpected end of JSON input"), false},
	} {
		if got := redisstore.Unavailable(c.err); got != c.want {
			t.Errorf("%s (%v): Unavailable = %v, want %v", c.name, c.err, got, c.want)
		}
	}
}

// redisErr is an error reply of the Redis server.
type redisErr string

func (e redisErr) Error() string { return string(e) }
func (redisErr) RedisError()     {}
