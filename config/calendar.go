package config

import (
	"fmt"
	"time"

	"github.com/mspbot/mspbot/scheduling"
)

// Calendar returns the provider's working calendar as the settings
// describe it: MSPBOT_BUSINESS_HOURS in MSPBOT_TIMEZONE, with the public
// holidays of MSPBOT_HOLIDAY_STATE.
func (c *Config) Calendar() (*scheduling.Calendar, error) {
	days, open, closing, err := ParseBusinessHours(c.BusinessHours)
	if err != nil {
		return nil, fmt.Errorf("MSPBOT_BUSINESS_HOURS: %w", err)
	}
	loc, err := time.LoadLocation(c.Timezone)
	if err != nil {
		return nil, fmt.Errorf("MSPBOT_TIMEZONE: %w", err)
	}
	cal, err := scheduling.NewCalendar(scheduling.CalendarOptions{Location: loc, State: c.HolidayState,
		Hours: scheduling.BusinessHours{Open: open, Close: closing, Days: days}})
	if err != nil {
		return nil, fmt.Errorf("calendar: %w", err)
	}
	return cal, nil
}
