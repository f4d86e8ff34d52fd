package handlers

import "time"

// formatTexts are the words used to write times and durations.
var formatTexts = catalog{
	"de": {
		"weekdays":         "Sonntag Montag Dienstag Mittwoch Donnerstag Freitag Samstag",
		"weekdays_short":   "So Mo Di Mi Do Fr Sa",
		"layout_date_time": "02.01.2006, 15:04",
		"day_time":         "%s, %s Uhr",
		"hours":            "%s %s–%s Uhr, nicht an Feiertagen",
		"series":           "%d regelmäßige Termine ab %s",
		"hour":             "1 Stunde",
		"hours_n":          "%d Stunden",
		"minutes_n":        "%d Minuten",
		"hours_minutes":    "%d Std. %d Min.",
	},
	"en": {
		"weekdays":         "Sunday Monday Tuesday Wednesday Thursday Friday Saturday",
		"weekdays_short":   "Sun Mon Tue Wed Thu Fri Sat",
		"layout_date_time": "2 Jan 2006, 15:04",
		"day_time":         "%s %s",
		"hours":            "%s %s–%s, not on public holidays",
		"series":           "%d recurring windows from %s",
		"hour":             "1 hour",
		"hours_n":          "%d hours",
		"minutes_n":        "%d minutes",
		"hours_minutes":    "%d h %d min",
	},
}

// weekdayName is the name of d in lang.
func weekdayName(d time.Weekday, lang string) string {
	return fields(formatTexts.t(lang, "weekdays"))[d]
}

// dayMonth is t's day and month as a date is named in a sentence:
// "11.12." in German, "11 Dec" in English.
func dayMonth(t time.Time, lang string) string {
	if lang == "en" {
		return t.Format("2 Jan")
	}
	return t.Format("02.01.")
}

// weekdayShort is the abbreviation of d in lang.
func weekdayShort(d time.Weekday, lang string) string {
	return fields(formatTexts.t(lang, "weekdays_short"))[d]
}

func fields(s string) [7]string {
	var out [7]string
	i := 0
	start := -1
	for j := 0; j <= len(s) && i < 7; j++ {
		if j == len(s) || s[j] == ' ' {
			if start >= 0 {
				out[i] = s[start:j]
				i++
				start = -1
			}
			continue
		}
		if start < 0 {
			start = j
		}
	}
	return out
}

// formatDuration writes a length for people ("2 Stunden", "90 minutes").
func formatDuration(d time.Duration, lang string) string {
	h, m := int(d.Hours()), int(d.Minutes())%60
	switch {
	case m == 0 && h == 1:
		return formatTexts.t(lang, "hour")
	case m == 0:
		return formatTexts.t(lang, "hours_n", h)
	case h == 0:
		return formatTexts.t(lang, "minutes_n", m)
	}
	return formatTexts.t(lang, "hours_minutes", h, m)
}
