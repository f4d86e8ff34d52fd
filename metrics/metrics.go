// Package metrics exposes mspbot's Prometheus metrics: events by platform,
// kind and outcome, handler latency, and Redis errors.
package metrics

import (
	"context"
	"errors"
	"net"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/redis/go-redis/v9"

	"github.com/mspbot/mspbot/bot"
)

// Metrics holds the collectors, registered on a registry of their own.
type Metrics struct {
	reg         *prometheus.Registry
	events      *prometheus.CounterVec
	latency     *prometheus.HistogramVec
	redisErrors *prometheus.CounterVec
	roundTrips  prometheus.Counter
}

// New creates the collectors on a new registry, with the Go and process
// collectors.
func New() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		events: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "mspbot_events_total",
			Help: "Events handled, by platform, kind and outcome (ok, duplicate, unhandled, error, unavailable, invalid).",
		}, []string{"platform", "kind", "outcome"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "mspbot_event_duration_seconds",
			Help:    "Time to handle one event, lock wait and store round trips included, by platform and kind.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
		}, []string{"platform", "kind"}),
		redisErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "mspbot_redis_errors_total",
			Help: "Redis commands that failed (not counting missing keys), by command.",
		}, []string{"command"}),
		roundTrips: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "mspbot_redis_round_trips_total",
			Help: "Round trips to Redis: one per command or pipeline sent (a script is one), background jobs included.",
		}),
	}
	m.reg.MustRegister(m.events, m.latency, m.redisErrors, m.roundTrips,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// ObserveEvent implements bot.Observer.
func (m *Metrics) ObserveEvent(platform string, kind bot.Kind, outcome string, d time.Duration) {
	m.events.WithLabelValues(platform, string(kind), outcome).Inc()
	m.latency.WithLabelValues(platform, string(kind)).Observe(d.Seconds())
}

// Handler serves the metrics in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// RedisHook counts failed Redis commands; add it with client.AddHook.
func (m *Metrics) RedisHook() redis.Hook { return redisHook{m} }

type redisHook struct{ m *Metrics }

func (h redisHook) DialHook(next redis.DialHook) redis.DialHook {
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := next(ctx, network, addr)
		if err != nil {
			h.m.redisErrors.WithLabelValues("dial").Inc()
		}
		return c, err
	}
}

func (h redisHook) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		h.m.roundTrips.Inc()
		err := next(ctx, cmd)
		h.count(cmd.Name(), err)
		return err
	}
}

func (h redisHook) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		h.m.roundTrips.Inc()
		err := next(ctx, cmds)
		for _, c := range cmds {
			h.count(c.Name(), c.Err())
		}
		return err
	}
}

func (h redisHook) count(name string, err error) {
	if err != nil && !errors.Is(err, redis.Nil) {
		h.m.redisErrors.WithLabelValues(name).Inc()
	}
}
