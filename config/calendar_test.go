package config

import (
	"testing"
	"time"
)

// TestCalendarFromSettings: the calendar follows the business hours, the
// time zone and the holiday state of the settings, and a bad value is
// named.
func TestCalendarFromSettings(t *testing.T) {
	cfg, err := Load(env(map[string]string{"MSPBOT_BUSINESS_HOURS": "Mon-Fri 09:00-16:00", "MSPBOT_TIMEZONE": "Europe/Berlin", "MSPBOT_HOLIDAY_STATE": "HH"}))
	if err != nil {
		t.Fatal(err)
	}
	cal, err := cfg.Calendar()
	if err != nil {
		t.Fatal(err)
	}
	loc := cal.Location()
	if loc.String() != "Europe/Berlin" {
		t.Errorf("location %s", loc)
	}
	if cal.IsOpen(time.Date(2026, 12, 8, 8, 30, 0, 0, loc)) || !cal.IsOpen(time.Date(2026, 12, 8, 9, 30, 0, 0, loc)) {
		t.Error("business hours not those of the settings")
	}
	if cal.IsOpen(time.Date(2026, 12, 25, 10, 0, 0, 0, loc)) {
		t.Error("Christmas Day is open")
	}
	bad := *cfg
	bad.Timezone = "Mars/Olympus"
	if _, err := bad.Calendar(); err == nil {
		t.Error("an unknown time zone gave a calendar")
	}
}
