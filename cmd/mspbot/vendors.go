package main

import (
	"context"
	"fmt"
	"net/mail"
	"sync"
	"time"

	"github.com/mspbot/mspbot/accounts"
	"github.com/mspbot/mspbot/bot"
	"github.com/mspbot/mspbot/config"
	"github.com/mspbot/mspbot/handlers"
	"github.com/mspbot/mspbot/jobs"
	mspmail "github.com/mspbot/mspbot/mail"
	"github.com/mspbot/mspbot/redisstore"
	"github.com/mspbot/mspbot/scheduling"
)

// buildMail returns the e-mail sender of the settings: SMTP, or
// mspmail.Disabled without MSPBOT_SMTP_HOST.
func (a *app) buildMail() (mspmail.Sender, error) {
	c := a.cfg
	s, err := mspmail.FromSettings(c.SMTPHost, c.SMTPPort, c.SMTPUsername, c.SMTPPassword, c.SMTPFrom, c.SMTPTLS, a.log)
	if err != nil {
		return nil, fmt.Errorf("mail: %w", err)
	}
	if c.SMTPHost == "" {
		a.log.Info("e-mail is off: MSPBOT_SMTP_HOST is not set; confirmations are recorded as not sent", "component", "mail")
	} else {
		a.log.Info("e-mail on", "component", "mail", "host", c.SMTPHost, "port", c.SMTPPort, "tls", c.SMTPTLS)
	}
	return s, nil
}

// buildVendors wires the vendor-appointment conversation: the policy from
// the settings, the Redis store, the e-mail confirmations and the durable
// jobs that enable and disable vendor accounts. build sets the engine as
// the jobs' poster once it exists (a.vendorAccess.Poster).
func (a *app) buildVendors(keys redisstore.Keys, calendar *scheduling.Calendar, rooms []bot.Ref, sender mspmail.Sender) (*handlers.Vendors, error) {
	c := a.cfg
	days, open, cls, err := config.ParseBusinessHours(c.VendorHours)
	if err != nil {
		return nil, fmt.Errorf("MSPBOT_VENDOR_HOURS: %w", err)
	}
	policy := scheduling.VendorPolicy{Calendar: calendar, LeadTime: c.VendorLeadTime,
		Hours: scheduling.BusinessHours{Open: open, Close: cls, Days: days}, MaxDuration: c.VendorMaxDur}
	if c.VendorLeadTime == 0 {
		policy.LeadTime = -1 // zero in the settings means no lead time
	}
	if err := policy.Validate(); err != nil {
		return nil, fmt.Errorf("vendor policy: %w", err)
	}
	a.appointments = scheduling.NewAppointments(redisstore.NewAppointments(a.conn.Client, keys))
	action, kind, err := accounts.FromSettings(c.AccountWebhookURL, c.AccountWebhookSecret, c.AccountCommand, a.log)
	if err != nil {
		return nil, fmt.Errorf("vendor accounts: %w", err)
	}
	if kind == "log-only" {
		a.log.Warn("vendor accounts are not connected to a directory (MSPBOT_ACCOUNT_WEBHOOK_URL or MSPBOT_ACCOUNT_COMMAND): enable and disable steps are only logged", "component", "accounts")
	}
	remind := c.VendorReminder
	if remind == 0 {
		remind = -1
	}
	a.jobQueue = jobs.NewQueue(a.conn.Client, jobs.QueueOptions{Name: keys.JobQueue(), Logger: a.log})
	a.vendorAccess = &handlers.VendorAccess{Appointments: a.appointments, Queue: a.jobQueue, Accounts: action,
		StaffRooms: rooms, StaffLang: c.DefaultLang, Remind: remind, Location: calendar.Location(),
		Logger: a.log}
	a.jobRunner = jobs.NewRunner(a.conn.Client, jobs.RunnerOptions{Queue: keys.JobQueue(), OnAlarm: a.vendorAccess.Alarm,
		Logger: a.log})
	for typ, h := range a.vendorAccess.Handlers() {
		a.jobRunner.Handle(typ, h)
	}
	organizer := scheduling.Person{Name: "mspbot", Email: c.SMTPFrom}
	if addr, err := mail.ParseAddress(c.SMTPFrom); err == nil {
		organizer = scheduling.Person{Name: addr.Name, Email: addr.Address}
	}
	return &handlers.Vendors{Appointments: a.appointments, Policy: policy, Calendar: calendar, StaffRooms: rooms,
		StaffLang: c.DefaultLang, Confirm: &handlers.VendorMail{Sender: sender, Organizer: organizer, Location: calendar.Location()},
		Access: a.vendorAccess, Logger: a.log}, nil
}

// startVendorJobs runs the job runner until ctx ends, and every hour
// deletes vendor appointments past their retention and lets holds expire
// that waited MSPBOT_VENDOR_HOLD_TTL for a staff decision.
func (a *app) startVendorJobs(ctx context.Context, wg *sync.WaitGroup) {
	if a.jobRunner == nil {
		return
	}
	wg.Go(func() {
		if err := a.jobRunner.Run(ctx); err != nil {
			a.log.Error("job runner stopped", "component", "jobs", "err", err)
		}
	})
	wg.Go(func() {
		t := time.NewTicker(time.Hour)
		defer t.Stop()
		for {
			n, err := a.appointments.Purge(ctx, a.cfg.ApptRetention, time.Now())
			switch {
			case err != nil && ctx.Err() == nil:
				a.log.Warn("deleting old vendor appointments failed", "component", "vendors", "err", err)
			case n > 0:
				a.log.Info("deleted vendor appointments past retention", "component", "vendors", "count", n)
			}
			if a.vendors != nil && a.engine != nil {
				if _, err := a.vendors.ExpireHolds(ctx, a.engine, a.cfg.VendorHoldTTL); err != nil && ctx.Err() == nil {
					a.log.Warn("expiring vendor holds failed", "component", "vendors", "err", err)
				}
			}
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
		}
	})
}
