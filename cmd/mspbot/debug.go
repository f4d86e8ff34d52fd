package main

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/pprof"
	"sync"
	"time"

	"github.com/mspbot/mspbot/bot/web"
)

// startDebug serves Go's pprof profiles on MSPBOT_DEBUG_ADDR (a loopback
// address; config refuses any other) until ctx ends.
func (a *app) startDebug(ctx context.Context, wg *sync.WaitGroup) {
	if a.cfg.DebugAddr == "" {
		return
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	ln, err := net.Listen("tcp", a.cfg.DebugAddr)
	if err != nil {
		a.log.Warn("profiles not served", "component", "debug", "addr", a.cfg.DebugAddr, "err", err)
		return
	}
	// Profiles have no token: a page reaching them under another host name
	// (DNS rebinding) is refused.
	srv := &http.Server{Handler: web.LoopbackHosts(a.cfg.AllowedHosts, mux), ReadHeaderTimeout: 10 * time.Second}
	a.log.Info("serving pprof profiles", "component", "debug", "addr", ln.Addr().String())
	wg.Go(func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			a.log.Warn("profile server stopped", "component", "debug", "err", err)
		}
	})
	wg.Go(func() {
		<-ctx.Done()
		_ = srv.Close()
	})
}
