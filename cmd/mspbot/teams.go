package main

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/mspbot/mspbot/bot"
	"github.com/mspbot/mspbot/bot/teams"
	"github.com/mspbot/mspbot/config"
	"github.com/mspbot/mspbot/redisstore"
)

// teamsStaffRooms is the Teams staff channel, when Teams is on and one is
// configured.
func teamsStaffRooms(cfg *config.Config) []bot.Ref {
	if cfg.TeamsAppID == "" || cfg.TeamsStaffChan == "" {
		return nil
	}
	return []bot.Ref{{Platform: teams.Platform, Channel: cfg.TeamsStaffChan}}
}

// buildTeams creates the Teams adapter when TEAMS_APP_ID is set, registers
// it with the engine and mounts its messaging endpoint in routes.
func (a *app) buildTeams(routes map[string]http.Handler) error {
	cfg := a.cfg
	if cfg.TeamsAppID == "" {
		return nil
	}
	t, err := teams.New(teams.Options{
		AppType: cfg.TeamsAppType, AppID: cfg.TeamsAppID, AppPassword: cfg.TeamsPassword, Tenant: cfg.TeamsTenant,
		OpenIDURL: cfg.TeamsOpenIDURL, TokenURL: cfg.TeamsTokenURL, ServiceURL: cfg.TeamsService,
		IdentityEndpoint: cfg.TeamsIdentityURL, IdentityHeader: cfg.TeamsIdentityHeader,
		StaffTeam: cfg.TeamsStaffTeam, StaffUsers: cfg.TeamsStaffUsers,
		// The threads the bot answered in and the teams and chats it
		// welcomed, on the bot's Redis: the same on every replica, kept
		// across restarts.
		Marks: redisstore.NewMarks(a.conn.Client, redisstore.Keys{Prefix: cfg.RedisPrefix}), ThreadTTL: cfg.TeamsThreadTTL,
		Lang: cfg.TeamsWelcomeLang(), TenantLangs: cfg.TeamsTenantLangs,
		Logger: a.log,
	})
	if err != nil {
		return err
	}
	a.teams = t
	a.engine.Register(teams.Platform, t)
	a.engine.SetStaff(teams.Platform, t.Staff())
	routes["POST /teams/messages"] = t.Handler(a.engine)
	return nil
}

// startTeams loads the Bot Connector's signing keys in the background,
// retrying with backoff while they cannot be read; until then the
// messaging endpoint answers 503 and the connector retries.
func (a *app) startTeams(ctx context.Context, wg *sync.WaitGroup) {
	if a.teams == nil {
		a.log.Info("Teams is off: TEAMS_APP_ID is not set", "component", "teams")
		return
	}
	a.log.Info("Teams is on", "component", "teams", "endpoint", "POST /teams/messages", "app_type", a.cfg.TeamsAppType)
	wg.Go(func() {
		backoff := time.Second
		for {
			// ctx, not a shorter one: it also keeps the keys refreshed.
			err := a.teams.Start(ctx)
			if err == nil || ctx.Err() != nil {
				return
			}
			a.log.Warn("cannot load the Teams signing keys yet; retrying", "component", "teams", "retry_in", backoff.String(), "err", err)
			select {
			case <-ctx.Done():
				return
			case <-time.After(backoff):
			}
			backoff = min(2*backoff, time.Minute)
		}
	})
}
