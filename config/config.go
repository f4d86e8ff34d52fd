// Package config reads mspbot's settings from the environment and an
// optional YAML file, checks them and prints them with secrets masked.
//
// Every setting has an environment variable and a YAML key; the
// environment wins over the file, the file over the default. Only cmd/mspbot
// imports this package: it copies the values into each package's options.
package config

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/mail"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/mspbot/mspbot/bot"
	"github.com/mspbot/mspbot/internal/redact"
	"github.com/mspbot/mspbot/protocols"
)

// Config is the effective configuration.
type Config struct {
	ConfigFile      string
	HTTPAddr        string
	RedisURL        string
	RedisMode       string
	RedisPrefix     string
	APIToken        string
	StaffUsers      []string
	StaffChannel    string
	SessionTTL      time.Duration
	HistoryTTL      time.Duration
	HistoryMax      int
	LockWait        time.Duration
	LockTTL         time.Duration
	EventTimeout    time.Duration
	DedupeTTL       time.Duration
	MaxMessageChars int
	RateUser        int
	RateConv        int
	RateWindow      time.Duration
	DefaultLang     string
	CookieSecure    bool
	// The web chat's visitors (see web.go): the key that signs their
	// cookies, how long a one-message visitor is kept, the limits per
	// client address, the proxies whose X-Forwarded-For is believed and
	// the host names the JSON API answers without a token.
	VisitorKey      string
	VisitorKeyFile  string
	VisitorBriefTTL time.Duration
	RateNewVisitors int
	RateAddress     int
	TrustedProxies  []string
	AllowedHosts    []string
	Organizations   string
	SlackBotToken   string
	SlackAppToken   string
	SlackSigning    string
	SlackAPIURL     string
	SlackStaffUsers []string
	SlackStaffGroup string
	SlackStaffChan  string
	SlackLang       string
	SlackThreadTTL  time.Duration
	DiscordToken    string
	DiscordRoles    map[string]string
	DiscordStaff    []string
	DiscordStaffCh  string
	DiscordCommands string // "global", "off" or guild ids (see discord.go)
	DiscordContent  bool
	DiscordThreads  bool
	Timezone        string
	HolidayState    string
	BusinessHours   string
	PhoneRegion     string
	TicketRetention time.Duration
	WebhookURL      string
	WebhookSecret   string
	VendorLeadTime  time.Duration
	VendorHours     string
	VendorMaxDur    time.Duration
	VendorReminder  time.Duration
	ApptRetention   time.Duration
	VendorHoldTTL   time.Duration
	KnowledgeFile   string
	KnowledgeMode   string
	Threshold       float64
	OpenAIKey       string
	OpenAIBaseURL   string
	OpenAIModel     string
	LLMTimeout      time.Duration
	SMTPHost        string
	SMTPPort        int
	SMTPUsername    string
	SMTPPassword    string
	SMTPFrom        string
	SMTPTLS         string
	TeamsAppID      string
	TeamsPassword   string
	TeamsTenant     string
	TeamsOpenIDURL  string
	TeamsTokenURL   string
	TeamsService    string
	TeamsStaffTeam  string
	TeamsStaffUsers []string
	TeamsStaffChan  string
	SigningKey      string
	SigningKeyFile  string
	ProtoReminder   time.Duration
	DebugAddr       string
	LogLevel        string
	LogFormat       string

	// AccountWebhookURL, AccountWebhookSecret and AccountCommand choose
	// the vendor-account action (package accounts).
	AccountWebhookURL    string
	AccountWebhookSecret string
	AccountCommand       string

	// The Teams bot's identity, threads and welcome (see teams.go).
	TeamsAppType        string
	TeamsIdentityURL    string
	TeamsIdentityHeader string
	TeamsThreadTTL      time.Duration
	TeamsLang           string
	TeamsTenantLangs    map[string]string

	// Staff is the staff page's sign-in (see staff.go).
	Staff StaffOIDC

	// sources says where each setting came from: "default", "file" or "env".
	sources map[string]string
}

// Setting describes one setting: its environment variable, YAML key,
// default, whether it is a secret or a URL, and what it does.
type Setting struct {
	Env     string
	YAML    string
	Default string
	Secret  bool
	// URL marks a URL: printed with its user info and secret-looking
	// parameters masked (internal/redact), secret or not.
	URL  bool
	Help string
	set  func(*Config, string) error
	get  func(*Config) string
}

// Settings lists every setting in the order they are documented.
func Settings() []Setting {
	return append([]Setting{
		{Env: "MSPBOT_HTTP_ADDR", YAML: "http_addr", Default: "127.0.0.1:8080",
			Help: "Address of the web chat, JSON API, health and metrics endpoints.",
			set:  func(c *Config, v string) error { c.HTTPAddr = v; return nil }, get: func(c *Config) string { return c.HTTPAddr }},
		{Env: "REDIS_URL", YAML: "redis_url", URL: true, Secret: true,
			Help: "Redis to keep state in (redis://, rediss://, unix://; master_name=… for Sentinel, addr=… for Cluster). Empty: an embedded in-memory store, lost at exit.",
			set:  func(c *Config, v string) error { c.RedisURL = v; return nil }, get: func(c *Config) string { return c.RedisURL }},
		{Env: "MSPBOT_REDIS_MODE", YAML: "redis_mode", Default: "auto",
			Help: "auto, single, sentinel or cluster: how to read REDIS_URL.",
			set:  func(c *Config, v string) error { c.RedisMode = v; return nil }, get: func(c *Config) string { return c.RedisMode }},
		{Env: "MSPBOT_REDIS_PREFIX", YAML: "redis_prefix", Default: "mspbot",
			Help: "Prefix of every Redis key, to share one Redis between bots.",
			set:  func(c *Config, v string) error { c.RedisPrefix = v; return nil }, get: func(c *Config) string { return c.RedisPrefix }},
		{Env: "MSPBOT_API_TOKEN", YAML: "api_token", Secret: true,
			Help: "Bearer token of the JSON API. Required when MSPBOT_HTTP_ADDR is not a loopback address; when set, always required.",
			set:  func(c *Config, v string) error { c.APIToken = v; return nil }, get: func(c *Config) string { return c.APIToken }},
		listSetting("MSPBOT_ALLOWED_HOSTS", "allowed_hosts", "Host names (without port) the JSON API answers without MSPBOT_API_TOKEN, besides localhost, 127.0.0.1 and [::1]; requests naming any other host get 421, so that a web page cannot reach the open API on loopback by DNS rebinding. Name only hosts that others cannot reach.", func(c *Config) *[]string { return &c.AllowedHosts }),
		{Env: "MSPBOT_STAFF_USERS", YAML: "staff_users",
			Help: "Comma-separated JSON API user ids that are staff (web chat visitors never are).",
			set: func(c *Config, v string) error {
				c.StaffUsers = nil
				for _, u := range strings.Split(v, ",") {
					if u = strings.TrimSpace(u); u != "" {
						c.StaffUsers = append(c.StaffUsers, u)
					}
				}
				return nil
			}, get: func(c *Config) string { return strings.Join(c.StaffUsers, ",") }},
		{Env: "MSPBOT_STAFF_CHANNEL", YAML: "staff_channel", Default: "staff",
			Help: "JSON API conversation where staff get notifications.",
			set:  func(c *Config, v string) error { c.StaffChannel = v; return nil }, get: func(c *Config) string { return c.StaffChannel }},
		{Env: "MSPBOT_ORGANIZATIONS", YAML: "organizations",
			Help: "Which places belong to which client organisation: org=place,place;org=place with places slack:TEAM, slack:TEAM/CHANNEL, discord:GUILD, discord:GUILD/CHANNEL, teams:TENANT, teams:TENANT/CHANNEL, and people platform:@user (slack:@U…, teams:@object-id, discord:@id, web:@user). A person mapped by name counts everywhere; a user from another Slack team or Teams tenant (Slack Connect, shared channels) counts for their own team or tenant, never for the host's places; unlisted Slack workspaces and Teams tenants are organisations of their own, while on an unlisted Discord server each user is. YAML: a mapping of org to a list of places.",
			set: func(c *Config, v string) error {
				if _, err := bot.ParseOrgMap(v); err != nil {
					return err
				}
				c.Organizations = v
				return nil
			}, get: func(c *Config) string { return c.Organizations }},
		{Env: "SLACK_BOT_TOKEN", YAML: "slack_bot_token", Secret: true,
			Help: "Slack bot token (xoxb-…); turns the Slack adapter on.",
			set:  func(c *Config, v string) error { c.SlackBotToken = v; return nil }, get: func(c *Config) string { return c.SlackBotToken }},
		{Env: "SLACK_APP_TOKEN", YAML: "slack_app_token", Secret: true,
			Help: "Slack app-level token (xapp-…, scope connections:write): Slack through Socket Mode, no public URL needed.",
			set:  func(c *Config, v string) error { c.SlackAppToken = v; return nil }, get: func(c *Config) string { return c.SlackAppToken }},
		{Env: "SLACK_SIGNING_SECRET", YAML: "slack_signing_secret", Secret: true,
			Help: "Slack signing secret: Slack through the Events API at POST /slack/events, every request's signature verified.",
			set:  func(c *Config, v string) error { c.SlackSigning = v; return nil }, get: func(c *Config) string { return c.SlackSigning }},
		{Env: "MSPBOT_SLACK_API_URL", YAML: "slack_api_url", URL: true,
			Help: "Slack Web API base URL (ending in /), for a local test server; empty means Slack's.",
			set:  func(c *Config, v string) error { c.SlackAPIURL = v; return nil }, get: func(c *Config) string { return c.SlackAPIURL }},
		listSetting("MSPBOT_SLACK_STAFF_USERS", "slack_staff_users", "Slack user ids that are staff.", func(c *Config) *[]string { return &c.SlackStaffUsers }),
		{Env: "MSPBOT_SLACK_STAFF_GROUP", YAML: "slack_staff_group",
			Help: "Slack user group id whose members are staff.",
			set:  func(c *Config, v string) error { c.SlackStaffGroup = v; return nil }, get: func(c *Config) string { return c.SlackStaffGroup }},
		{Env: "MSPBOT_SLACK_STAFF_CHANNEL", YAML: "slack_staff_channel",
			Help: "Slack channel id of the staff conversation (staff notifications).",
			set:  func(c *Config, v string) error { c.SlackStaffChan = v; return nil }, get: func(c *Config) string { return c.SlackStaffChan }},
		{Env: "MSPBOT_SLACK_LANG", YAML: "slack_lang",
			Help: "The Slack workspace's language (de or en): of the welcome in the App Home, of the bot's own notes and of a slash command whose words show none (/mspbot status); empty: MSPBOT_DEFAULT_LANG.",
			set:  func(c *Config, v string) error { c.SlackLang = strings.ToLower(strings.TrimSpace(v)); return nil }, get: func(c *Config) string { return c.SlackLang }},
		durationSetting("MSPBOT_SLACK_THREAD_TTL", "slack_thread_ttl", "168h", "How long after its last post in a Slack channel thread the bot still answers replies there without a new mention.", func(c *Config) *time.Duration { return &c.SlackThreadTTL }),
		{Env: "DISCORD_BOT_TOKEN", YAML: "discord_bot_token", Secret: true,
			Help: "Discord bot token; turns the Discord adapter on.",
			set:  func(c *Config, v string) error { c.DiscordToken = v; return nil }, get: func(c *Config) string { return c.DiscordToken }},
		{Env: "MSPBOT_DISCORD_STAFF_ROLES", YAML: "discord_staff_roles",
			Help: "Staff role per Discord guild: guild=role,guild=role (role id or name).",
			set: func(c *Config, v string) error {
				c.DiscordRoles = map[string]string{}
				for _, p := range strings.Split(v, ",") {
					if p = strings.TrimSpace(p); p == "" {
						continue
					}
					g, r, ok := strings.Cut(p, "=")
					if !ok || strings.TrimSpace(g) == "" || strings.TrimSpace(r) == "" {
						return fmt.Errorf("%q: write guild=role", p)
					}
					c.DiscordRoles[strings.TrimSpace(g)] = strings.TrimSpace(r)
				}
				return nil
			}, get: func(c *Config) string {
				keys := make([]string, 0, len(c.DiscordRoles))
				for g := range c.DiscordRoles {
					keys = append(keys, g)
				}
				slices.Sort(keys)
				var parts []string
				for _, g := range keys {
					parts = append(parts, g+"="+c.DiscordRoles[g])
				}
				return strings.Join(parts, ",")
			}},
		listSetting("MSPBOT_DISCORD_STAFF_USERS", "discord_staff_users", "Discord user ids that are staff in every guild.", func(c *Config) *[]string { return &c.DiscordStaff }),
		{Env: "MSPBOT_DISCORD_STAFF_CHANNEL", YAML: "discord_staff_channel",
			Help: "Discord channel id of the staff conversation (staff notifications).",
			set:  func(c *Config, v string) error { c.DiscordStaffCh = v; return nil }, get: func(c *Config) string { return c.DiscordStaffCh }},
		discordCommandsSetting(), discordMessageContentSetting(), discordThreadsSetting(),
		durationSetting("MSPBOT_SESSION_TTL", "session_ttl", "24h", "Idle time after which a conversation's state is forgotten.", func(c *Config) *time.Duration { return &c.SessionTTL }),
		durationSetting("MSPBOT_HISTORY_TTL", "history_ttl", "168h", "How long the bot's messages of a conversation are kept for reading back.", func(c *Config) *time.Duration { return &c.HistoryTTL }),
		intSetting("MSPBOT_HISTORY_MAX", "history_max", "500", "How many of the bot's messages a conversation keeps for reading back.", func(c *Config) *int { return &c.HistoryMax }),
		durationSetting("MSPBOT_LOCK_WAIT", "lock_wait", "3s", "How long a message waits for the conversation's previous one before the user is asked for a moment's patience.", func(c *Config) *time.Duration { return &c.LockWait }),
		durationSetting("MSPBOT_LOCK_TTL", "lock_ttl", "30s", "Longest time one message may hold its conversation (the lock itself is a 5 s lease renewed while the message is handled: a replica that dies frees its conversations within 5 s).", func(c *Config) *time.Duration { return &c.LockTTL }),
		durationSetting("MSPBOT_EVENT_TIMEOUT", "event_timeout", "20s", "Time limit for handling one event; below MSPBOT_LOCK_TTL.", func(c *Config) *time.Duration { return &c.EventTimeout }),
		durationSetting("MSPBOT_DEDUPE_TTL", "dedupe_ttl", "24h", "How long platform event ids are remembered to run redeliveries once.", func(c *Config) *time.Duration { return &c.DedupeTTL }),
		intSetting("MSPBOT_MAX_MESSAGE_CHARS", "max_message_chars", "4000", "Longest message text accepted, in characters, on every platform (the JSON API answers 400, chats a polite word).", func(c *Config) *int { return &c.MaxMessageChars }),
		intSetting("MSPBOT_RATE_USER", "rate_user", "30", "Most events (messages, reactions, buttons) one user may send per MSPBOT_RATE_WINDOW across all conversations, counted in Redis across replicas; more are not handled and the user is told once. 0: no limit.", func(c *Config) *int { return &c.RateUser }),
		intSetting("MSPBOT_RATE_CONVERSATION", "rate_conversation", "60", "Most events one conversation may receive per MSPBOT_RATE_WINDOW, counted in Redis across replicas; the JSON API answers 429 beyond it. 0: no limit.", func(c *Config) *int { return &c.RateConv }),
		durationSetting("MSPBOT_RATE_WINDOW", "rate_window", "1m", "The window of MSPBOT_RATE_USER, MSPBOT_RATE_CONVERSATION and MSPBOT_RATE_ADDRESS.", func(c *Config) *time.Duration { return &c.RateWindow }),
		{Env: "MSPBOT_DEFAULT_LANG", YAML: "default_lang", Default: "de",
			Help: "Language (de or en) when a message does not show one.",
			set:  func(c *Config, v string) error { c.DefaultLang = v; return nil }, get: func(c *Config) string { return c.DefaultLang }},
		boolSetting("MSPBOT_COOKIE_SECURE", "cookie_secure", "false", "Mark the web chat cookie Secure (set it when served over HTTPS).", func(c *Config) *bool { return &c.CookieSecure }),
		{Env: "MSPBOT_VISITOR_KEY", YAML: "visitor_key", Secret: true,
			Help: "Key (at least 32 characters, e.g. openssl rand -base64 32) that signs the web chat's visitor cookies (HMAC-SHA256); cookies it did not sign are refused. Every replica must have the same. Empty: read from MSPBOT_VISITOR_KEY_FILE.",
			set:  func(c *Config, v string) error { c.VisitorKey = strings.TrimSpace(v); return nil }, get: func(c *Config) string { return c.VisitorKey }},
		{Env: "MSPBOT_VISITOR_KEY_FILE", YAML: "visitor_key_file",
			Help: "File with the visitor key, used when MSPBOT_VISITOR_KEY is empty; created with a new random key (mode 0600) on first start. Replicas must share it (or share MSPBOT_VISITOR_KEY). Empty: visitor-key in the user's configuration directory (e.g. ~/.config/mspbot/).",
			set:  func(c *Config, v string) error { c.VisitorKeyFile = strings.TrimSpace(v); return nil }, get: func(c *Config) string { return c.VisitorKeyFile }},
		durationSetting("MSPBOT_VISITOR_BRIEF_TTL", "visitor_brief_ttl", "1h", "How long a web chat visitor who sent only one message is kept after it (session and the bot's messages); from the second message on MSPBOT_SESSION_TTL and MSPBOT_HISTORY_TTL apply. At most MSPBOT_SESSION_TTL.", func(c *Config) *time.Duration { return &c.VisitorBriefTTL }),
		intSetting("MSPBOT_RATE_NEW_VISITORS", "rate_new_visitors", "30", "Most new web chat visitors (signed cookies issued) per client address per hour, counted in Redis across replicas; beyond it the page answers 429. 0: no limit.", func(c *Config) *int { return &c.RateNewVisitors }),
		intSetting("MSPBOT_RATE_ADDRESS", "rate_address", "60", "Most web chat messages and button presses per client address per MSPBOT_RATE_WINDOW, whatever cookies it shows, counted in Redis across replicas; beyond it 429. 0: no limit.", func(c *Config) *int { return &c.RateAddress }),
		listSetting("MSPBOT_TRUSTED_PROXIES", "trusted_proxies", "Reverse proxies (CIDRs or addresses, e.g. 10.0.0.0/8,::1) whose X-Forwarded-For names the client address for the web chat's limits; from any other peer the header is ignored. Empty: the connection's address counts.", func(c *Config) *[]string { return &c.TrustedProxies }),
		{Env: "MSPBOT_TIMEZONE", YAML: "timezone", Default: "Europe/Berlin",
			Help: "The provider's time zone (IANA name): time phrases, business hours and holidays are read in it.",
			set:  func(c *Config, v string) error { c.Timezone = v; return nil }, get: func(c *Config) string { return c.Timezone }},
		{Env: "MSPBOT_HOLIDAY_STATE", YAML: "holiday_state", Default: "HH",
			Help: "German state whose public holidays close the office (BW BY BE BB HB HH HE MV NI NW RP SL SN ST SH TH).",
			set:  func(c *Config, v string) error { c.HolidayState = strings.ToUpper(strings.TrimSpace(v)); return nil }, get: func(c *Config) string { return c.HolidayState }},
		{Env: "MSPBOT_BUSINESS_HOURS", YAML: "business_hours", Default: "Mon-Fri 08:00-17:00",
			Help: "Office hours for callbacks: days and times, e.g. Mon-Fri 08:00-17:00 or Mon-Thu 08:00-18:00.",
			set:  func(c *Config, v string) error { c.BusinessHours = strings.TrimSpace(v); return nil }, get: func(c *Config) string { return c.BusinessHours }},
		{Env: "MSPBOT_PHONE_REGION", YAML: "phone_region", Default: "DE",
			Help: "Region (ISO 3166 code) for phone numbers written without country code.",
			set:  func(c *Config, v string) error { c.PhoneRegion = strings.ToUpper(strings.TrimSpace(v)); return nil }, get: func(c *Config) string { return c.PhoneRegion }},
		durationSetting("MSPBOT_TICKET_RETENTION", "ticket_retention", "720h", "How long closed callback tickets are kept before they are deleted (personal data).", func(c *Config) *time.Duration { return &c.TicketRetention }),
		{Env: "MSPBOT_WEBHOOK_URL", YAML: "webhook_url", URL: true,
			Help: "URL of the provider's ticket system (PSA): every new ticket and change is POSTed there as signed JSON, retried until accepted.",
			set:  func(c *Config, v string) error { c.WebhookURL = v; return nil }, get: func(c *Config) string { return c.WebhookURL }},
		{Env: "MSPBOT_WEBHOOK_SECRET", YAML: "webhook_secret", Secret: true,
			Help: "HMAC-SHA256 key that signs webhook bodies (header X-Mspbot-Signature: sha256=…); required with MSPBOT_WEBHOOK_URL.",
			set:  func(c *Config, v string) error { c.WebhookSecret = v; return nil }, get: func(c *Config) string { return c.WebhookSecret }},
		durationSetting("MSPBOT_VENDOR_LEAD_TIME", "vendor_lead_time", "168h", "Least time between a vendor-access request and its window (the SOP's 7 days), counted in MSPBOT_TIMEZONE: whole days as calendar days; 0 means none.", func(c *Config) *time.Duration { return &c.VendorLeadTime }),
		{Env: "MSPBOT_VENDOR_HOURS", YAML: "vendor_hours", Default: "Mon-Fri 08:00-18:00",
			Help: "Hours in which vendor windows may lie (the provider supervises them; vendor accounts are enabled only then), e.g. Mon-Fri 08:00-18:00; public holidays of MSPBOT_HOLIDAY_STATE are always closed.",
			set:  func(c *Config, v string) error { c.VendorHours = strings.TrimSpace(v); return nil }, get: func(c *Config) string { return c.VendorHours }},
		durationSetting("MSPBOT_VENDOR_MAX_DURATION", "vendor_max_duration", "8h", "Longest single vendor window; longer work is split over several appointments.", func(c *Config) *time.Duration { return &c.VendorMaxDur }),
		durationSetting("MSPBOT_VENDOR_REMINDER", "vendor_reminder", "24h", "How long before each approved vendor window staff are reminded in their rooms; 0 turns reminders off.", func(c *Config) *time.Duration { return &c.VendorReminder }),
		durationSetting("MSPBOT_VENDOR_HOLD_TTL", "vendor_hold_ttl", "72h", "How long a vendor window the client picked stays held without a staff decision; then it expires, its slots are free again, and client and staff are told. 0 keeps holds until decided.", func(c *Config) *time.Duration { return &c.VendorHoldTTL }),
		durationSetting("MSPBOT_APPOINTMENT_RETENTION", "appointment_retention", "2160h", "How long vendor appointments (with the contacts' e-mail addresses) are kept after their last window, rejection or cancellation before they are deleted.", func(c *Config) *time.Duration { return &c.ApptRetention }),
		{Env: "MSPBOT_KNOWLEDGE_FILE", YAML: "knowledge_file",
			Help: "A knowledge file (JSON, the format of knowledge/data/knowledge.json) that extends or replaces the embedded knowledge base; checked at start-up.",
			set:  func(c *Config, v string) error { c.KnowledgeFile = v; return nil }, get: func(c *Config) string { return c.KnowledgeFile }},
		{Env: "MSPBOT_KNOWLEDGE_MODE", YAML: "knowledge_mode", Default: "extend",
			Help: "extend: the file's entries are added to the embedded ones and replace those with the same id; replace: only the file's entries are used.",
			set:  func(c *Config, v string) error { c.KnowledgeMode = v; return nil }, get: func(c *Config) string { return c.KnowledgeMode }},
		{Env: "MSPBOT_CONFIDENCE_THRESHOLD", YAML: "confidence_threshold", Default: "0.3",
			Help: "Below this confidence (0 to 1) the bot says it is not sure, names the closest sources and offers a callback or a person.",
			set: func(c *Config, v string) error {
				f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
				if err != nil {
					return fmt.Errorf("%q is not a number", v)
				}
				c.Threshold = f
				return nil
			}, get: func(c *Config) string { return strconv.FormatFloat(c.Threshold, 'g', -1, 64) }},
		{Env: "OPENAI_API_KEY", YAML: "openai_api_key", Secret: true,
			Help: "Turns on the optional language model (OpenAI or a compatible server) for unsure messages. Empty: answers come from the knowledge base alone.",
			set:  func(c *Config, v string) error { c.OpenAIKey = v; return nil }, get: func(c *Config) string { return c.OpenAIKey }},
		{Env: "OPENAI_BASE_URL", YAML: "openai_base_url", URL: true,
			Help: "Base URL of an OpenAI-compatible API (e.g. http://localhost:11434/v1); empty means OpenAI's.",
			set:  func(c *Config, v string) error { c.OpenAIBaseURL = v; return nil }, get: func(c *Config) string { return c.OpenAIBaseURL }},
		{Env: "MSPBOT_OPENAI_MODEL", YAML: "openai_model", Default: "gpt-4o-mini",
			Help: "Model name for the language model.",
			set:  func(c *Config, v string) error { c.OpenAIModel = v; return nil }, get: func(c *Config) string { return c.OpenAIModel }},
		durationSetting("MSPBOT_LLM_TIMEOUT", "llm_timeout", "8s", "Time limit of one language-model call; on expiry the knowledge-base answer is used.", func(c *Config) *time.Duration { return &c.LLMTimeout }),
		{Env: "MSPBOT_SMTP_HOST", YAML: "smtp_host",
			Help: "SMTP server for e-mails (appointment confirmations with an .ics invitation, signed protocols). Empty: no e-mails are sent, and the bot says so where one would go.",
			set:  func(c *Config, v string) error { c.SMTPHost = strings.TrimSpace(v); return nil }, get: func(c *Config) string { return c.SMTPHost }},
		intSetting("MSPBOT_SMTP_PORT", "smtp_port", "587", "Port of the SMTP server (587 for STARTTLS, 465 for implicit TLS).", func(c *Config) *int { return &c.SMTPPort }),
		{Env: "MSPBOT_SMTP_USERNAME", YAML: "smtp_username",
			Help: "User name for SMTP AUTH (PLAIN or LOGIN, only over TLS); empty: no AUTH.",
			set:  func(c *Config, v string) error { c.SMTPUsername = v; return nil }, get: func(c *Config) string { return c.SMTPUsername }},
		{Env: "MSPBOT_SMTP_PASSWORD", YAML: "smtp_password", Secret: true,
			Help: "Password for SMTP AUTH.",
			set:  func(c *Config, v string) error { c.SMTPPassword = v; return nil }, get: func(c *Config) string { return c.SMTPPassword }},
		{Env: "MSPBOT_SMTP_FROM", YAML: "smtp_from",
			Help: "Sender address of the e-mails, e.g. Helpdesk <helpdesk@msp.example>; required with MSPBOT_SMTP_HOST.",
			set:  func(c *Config, v string) error { c.SMTPFrom = strings.TrimSpace(v); return nil }, get: func(c *Config) string { return c.SMTPFrom }},
		{Env: "MSPBOT_SMTP_TLS", YAML: "smtp_tls", Default: "starttls",
			Help: "starttls (fail rather than send in clear when the server offers no STARTTLS), tls (implicit TLS, port 465) or none (in clear: with MSPBOT_SMTP_USERNAME only to a loopback host; otherwise a warning at start).",
			set:  func(c *Config, v string) error { c.SMTPTLS = strings.ToLower(strings.TrimSpace(v)); return nil }, get: func(c *Config) string { return c.SMTPTLS }},
		{Env: "MSPBOT_ACCOUNT_WEBHOOK_URL", YAML: "account_webhook_url", URL: true,
			Help: "URL that enables and disables vendor accounts in the provider's directory: signed JSON POSTs at the start and end of every approved window. At most one of this and MSPBOT_ACCOUNT_COMMAND; neither: the bot only logs what staff must do by hand.",
			set:  func(c *Config, v string) error { c.AccountWebhookURL = strings.TrimSpace(v); return nil }, get: func(c *Config) string { return c.AccountWebhookURL }},
		{Env: "MSPBOT_ACCOUNT_WEBHOOK_SECRET", YAML: "account_webhook_secret", Secret: true,
			Help: "HMAC-SHA256 key that signs the account webhook's bodies (header X-Mspbot-Signature: sha256=…); at least 16 characters, required with MSPBOT_ACCOUNT_WEBHOOK_URL.",
			set:  func(c *Config, v string) error { c.AccountWebhookSecret = v; return nil }, get: func(c *Config) string { return c.AccountWebhookSecret }},
		{Env: "MSPBOT_ACCOUNT_COMMAND", YAML: "account_command",
			Help: "Absolute path of an executable that enables and disables vendor accounts, run without a shell as: COMMAND enable (or disable) ACCOUNT SYSTEM APPOINTMENT (details in the environment); exit 0 means done.",
			set:  func(c *Config, v string) error { c.AccountCommand = strings.TrimSpace(v); return nil }, get: func(c *Config) string { return c.AccountCommand }},
		{Env: "TEAMS_APP_ID", YAML: "teams_app_id",
			Help: "Microsoft App ID of the Azure Bot (a GUID; for a managed identity its client id); turns the Teams adapter on at POST /teams/messages.",
			set:  func(c *Config, v string) error { c.TeamsAppID = strings.TrimSpace(v); return nil }, get: func(c *Config) string { return c.TeamsAppID }},
		{Env: "TEAMS_APP_PASSWORD", YAML: "teams_app_password", Secret: true,
			Help: "Client secret of that app; required with TEAMS_APP_ID unless MSPBOT_TEAMS_APP_TYPE is UserAssignedMSI.",
			set:  func(c *Config, v string) error { c.TeamsPassword = v; return nil }, get: func(c *Config) string { return c.TeamsPassword }},
		{Env: "MSPBOT_TEAMS_TENANT", YAML: "teams_tenant",
			Help: "Entra tenant id (or domain) the bot's app is registered in; its token is requested there. Required for a SingleTenant bot; a MultiTenant bot without one uses botframework.com.",
			set:  func(c *Config, v string) error { c.TeamsTenant = strings.TrimSpace(v); return nil }, get: func(c *Config) string { return c.TeamsTenant }},
		{Env: "MSPBOT_TEAMS_OPENID_URL", YAML: "teams_openid_url", URL: true, Default: "https://login.botframework.com/v1/.well-known/openidconfiguration",
			Help: "OpenID metadata of the Bot Connector, whose keys sign every request Teams sends (a local server in tests).",
			set:  func(c *Config, v string) error { c.TeamsOpenIDURL = strings.TrimSpace(v); return nil }, get: func(c *Config) string { return c.TeamsOpenIDURL }},
		{Env: "MSPBOT_TEAMS_TOKEN_URL", YAML: "teams_token_url", URL: true,
			Help: "Token endpoint of the client-credentials flow, {tenant} standing for MSPBOT_TEAMS_TENANT (botframework.com for a MultiTenant bot without one); empty: https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token.",
			set:  func(c *Config, v string) error { c.TeamsTokenURL = strings.TrimSpace(v); return nil }, get: func(c *Config) string { return c.TeamsTokenURL }},
		{Env: "MSPBOT_TEAMS_SERVICE_URL", YAML: "teams_service_url", URL: true, Default: "https://smba.trafficmanager.net/teams/",
			Help: "Bot Connector for posts into a conversation (the staff channel) no activity has come from since start; afterwards the conversation's own serviceUrl is used.",
			set:  func(c *Config, v string) error { c.TeamsService = strings.TrimSpace(v); return nil }, get: func(c *Config) string { return c.TeamsService }},
		{Env: "MSPBOT_TEAMS_STAFF_TEAM", YAML: "teams_staff_team",
			Help: "Id of the Teams team (19:…@thread.tacv2) whose members are staff; the bot must be installed in it.",
			set:  func(c *Config, v string) error { c.TeamsStaffTeam = strings.TrimSpace(v); return nil }, get: func(c *Config) string { return c.TeamsStaffTeam }},
		listSetting("MSPBOT_TEAMS_STAFF_USERS", "teams_staff_users", "Entra (AAD) object ids of Teams users that are staff.", func(c *Config) *[]string { return &c.TeamsStaffUsers }),
		{Env: "MSPBOT_TEAMS_STAFF_CHANNEL", YAML: "teams_staff_channel",
			Help: "Conversation id of the Teams staff channel (19:…@thread.tacv2): staff notifications.",
			set:  func(c *Config, v string) error { c.TeamsStaffChan = strings.TrimSpace(v); return nil }, get: func(c *Config) string { return c.TeamsStaffChan }},
		teamsAppTypeSetting(), teamsIdentityURLSetting(), teamsIdentityHeaderSetting(),
		teamsThreadTTLSetting(), teamsLangSetting(), teamsTenantLangsSetting(),
		{Env: "MSPBOT_SIGNING_KEY", YAML: "signing_key", Secret: true,
			Help: "The bot's Ed25519 private key that attests every protocol signature: base64 of the 32-byte seed, or a PKCS#8 PEM block. Empty: read from MSPBOT_SIGNING_KEY_FILE.",
			set:  func(c *Config, v string) error { c.SigningKey = strings.TrimSpace(v); return nil }, get: func(c *Config) string { return c.SigningKey }},
		{Env: "MSPBOT_SIGNING_KEY_FILE", YAML: "signing_key_file",
			Help: "File with the signing key (PKCS#8 PEM), used when MSPBOT_SIGNING_KEY is empty; created with a new key (mode 0600) on first start. Empty: signing-key.pem in the user's configuration directory (e.g. ~/.config/mspbot/).",
			set:  func(c *Config, v string) error { c.SigningKeyFile = strings.TrimSpace(v); return nil }, get: func(c *Config) string { return c.SigningKeyFile }},
		durationSetting("MSPBOT_PROTOCOL_REMINDER", "protocol_reminder", "24h", "Time after a protocol is put up for signing after which signers who have not signed get one reminder (per version).", func(c *Config) *time.Duration { return &c.ProtoReminder }),
		{Env: "MSPBOT_DEBUG_ADDR", YAML: "debug_addr",
			Help: "Loopback address (e.g. 127.0.0.1:6060) serving Go's pprof profiles at /debug/pprof/ for profiling; empty: off. Never a public address.",
			set:  func(c *Config, v string) error { c.DebugAddr = strings.TrimSpace(v); return nil }, get: func(c *Config) string { return c.DebugAddr }},
		{Env: "MSPBOT_LOG_LEVEL", YAML: "log_level", Default: "info",
			Help: "debug, info, warn or error.",
			set:  func(c *Config, v string) error { c.LogLevel = v; return nil }, get: func(c *Config) string { return c.LogLevel }},
		{Env: "MSPBOT_LOG_FORMAT", YAML: "log_format", Default: "text",
			Help: "text or json.",
			set:  func(c *Config, v string) error { c.LogFormat = v; return nil }, get: func(c *Config) string { return c.LogFormat }},
	}, staffSettings()...) // the staff page (staff.go)
}

func durationSetting(env, key, def, help string, field func(*Config) *time.Duration) Setting {
	return Setting{Env: env, YAML: key, Default: def, Help: help,
		set: func(c *Config, v string) error {
			d, err := time.ParseDuration(strings.TrimSpace(v))
			if err != nil {
				return fmt.Errorf("%q is not a duration (write e.g. 30s, 15m, 24h)", v)
			}
			*field(c) = d
			return nil
		},
		get: func(c *Config) string { return field(c).String() }}
}

func listSetting(env, key, help string, field func(*Config) *[]string) Setting {
	return Setting{Env: env, YAML: key, Help: help,
		set: func(c *Config, v string) error {
			*field(c) = nil
			for _, u := range strings.Split(v, ",") {
				if u = strings.TrimSpace(u); u != "" {
					*field(c) = append(*field(c), u)
				}
			}
			return nil
		},
		get: func(c *Config) string { return strings.Join(*field(c), ",") }}
}

func intSetting(env, key, def, help string, field func(*Config) *int) Setting {
	return Setting{Env: env, YAML: key, Default: def, Help: help,
		set: func(c *Config, v string) error {
			n, err := strconv.Atoi(strings.TrimSpace(v))
			if err != nil {
				return fmt.Errorf("%q is not a whole number", v)
			}
			*field(c) = n
			return nil
		},
		get: func(c *Config) string { return strconv.Itoa(*field(c)) }}
}

func boolSetting(env, key, def, help string, field func(*Config) *bool) Setting {
	return Setting{Env: env, YAML: key, Default: def, Help: help,
		set: func(c *Config, v string) error {
			b, err := strconv.ParseBool(strings.TrimSpace(v))
			if err != nil {
				return fmt.Errorf("%q is not true or false", v)
			}
			*field(c) = b
			return nil
		},
		get: func(c *Config) string { return strconv.FormatBool(*field(c)) }}
}

// Load builds the configuration from defaults, the YAML file named by
// MSPBOT_CONFIG (if any) and the environment, in that order, and validates
// it. getenv is os.LookupEnv in production. Every error names the setting.
func Load(getenv func(string) (string, bool)) (*Config, error) {
	c := &Config{sources: make(map[string]string)}
	var errs []error
	// failed holds the settings whose value could not be read: they keep
	// their default, and Validate's words about that default are dropped.
	failed := make(map[string]bool)
	for _, s := range Settings() {
		if err := s.set(c, s.Default); err != nil {
			return nil, fmt.Errorf("default of %s: %w", s.Env, err)
		}
		c.sources[s.Env] = "default"
	}
	if path, ok := getenv("MSPBOT_CONFIG"); ok && path != "" {
		c.ConfigFile = path
		if f, err := os.Open(path); err != nil {
			errs = append(errs, fmt.Errorf("MSPBOT_CONFIG: %w", err))
		} else {
			err = c.readYAML(f, failed)
			_ = f.Close()
			if err != nil {
				errs = append(errs, fmt.Errorf("MSPBOT_CONFIG %s: %w", path, err))
			}
		}
	}
	for _, s := range Settings() {
		v, ok := getenv(s.Env)
		if !ok {
			continue
		}
		if err := s.set(c, v); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", s.Env, err))
			failed[s.Env] = true
			continue
		}
		delete(failed, s.Env) // the environment's good value wins over the file's bad one
		c.sources[s.Env] = "env"
	}
	// Every unreadable value and every invalid one, all at once.
	for _, err := range c.validate() {
		if !failed[err.Setting] {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return c, nil
}

// SettingError is a setting whose value is not valid.
type SettingError struct {
	// Setting is the environment variable's name.
	Setting string
	// Problem says what is wrong, any URL in it masked.
	Problem string
}

func (e *SettingError) Error() string { return e.Setting + ": " + e.Problem }

// readYAML applies a YAML mapping of setting keys to values. Unknown keys are
// errors, so a typo does not pass silently.
// The settings whose value could not be read are added to failed.
func (c *Config) readYAML(r io.Reader, failed map[string]bool) error {
	var doc map[string]yaml.Node
	dec := yaml.NewDecoder(r)
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil
		}
		return fmt.Errorf("not valid YAML: %w", err)
	}
	byKey := make(map[string]Setting)
	for _, s := range Settings() {
		byKey[s.YAML] = s
	}
	var errs []error
	keys := make([]string, 0, len(doc))
	for k := range doc {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		node := doc[k]
		s, ok := byKey[k]
		if !ok {
			errs = append(errs, fmt.Errorf("line %d: unknown setting %q", node.Line, k))
			continue
		}
		var v string
		switch node.Kind {
		case yaml.ScalarNode:
			v = node.Value
		case yaml.MappingNode:
			var m map[string][]string
			if err := node.Decode(&m); err != nil {
				errs = append(errs, fmt.Errorf("line %d: %s: want a mapping of names to lists: %w", node.Line, k, err))
				continue
			}
			names := make([]string, 0, len(m))
			for name := range m {
				names = append(names, name)
			}
			slices.Sort(names)
			var groups []string
			for _, name := range names {
				groups = append(groups, name+"="+strings.Join(m[name], ","))
			}
			v = strings.Join(groups, ";")
		case yaml.SequenceNode:
			var items []string
			if err := node.Decode(&items); err != nil {
				errs = append(errs, fmt.Errorf("line %d: %s: want a list of words: %w", node.Line, k, err))
				continue
			}
			v = strings.Join(items, ",")
		default:
			errs = append(errs, fmt.Errorf("line %d: %s: want a single value or a list", node.Line, k))
			continue
		}
		if err := s.set(c, v); err != nil {
			errs = append(errs, fmt.Errorf("line %d: %s: %w", node.Line, k, err))
			failed[s.Env] = true
			continue
		}
		c.sources[s.Env] = "file"
	}
	return errors.Join(errs...)
}

// ExampleAPIToken is the placeholder in .env.example, refused as a token.
const ExampleAPIToken = "replace-with-a-long-random-token"

var identRE = regexp.MustCompile(`^[A-Za-z0-9._:@-]{1,128}$`)

// Validate checks every setting and returns all problems at once, each
// naming its setting (each a *SettingError).
func (c *Config) Validate() error {
	var errs []error
	for _, e := range c.validate() {
		errs = append(errs, e)
	}
	return errors.Join(errs...)
}

// validate returns every problem of the settings, in their order.
func (c *Config) validate() []*SettingError {
	var errs []*SettingError
	bad := func(setting, format string, args ...any) {
		// A message may quote a value: any URL in it is masked.
		errs = append(errs, &SettingError{Setting: setting, Problem: redact.Text(fmt.Sprintf(format, args...))})
	}
	host, port, err := net.SplitHostPort(c.HTTPAddr)
	if err != nil {
		bad("MSPBOT_HTTP_ADDR", "%q is not host:port (e.g. 127.0.0.1:8080 or :8080)", c.HTTPAddr)
	} else if !validPort(port, true) {
		bad("MSPBOT_HTTP_ADDR", "port %q: want a number from 1 to 65535 (0: any free port)", port)
	} else if !isLoopback(host) && c.APIToken == "" {
		bad("MSPBOT_API_TOKEN", "must be set when MSPBOT_HTTP_ADDR (%s) listens beyond loopback, because the JSON API trusts the user it is given", c.HTTPAddr)
	}
	if c.APIToken == ExampleAPIToken {
		bad("MSPBOT_API_TOKEN", "is still the example value from .env.example; set your own random token (e.g. openssl rand -hex 24)")
	} else if c.APIToken != "" && len(c.APIToken) < 16 {
		bad("MSPBOT_API_TOKEN", "is %d characters long; use at least 16 random characters", len(c.APIToken))
	}
	if c.RedisURL != "" {
		u, err := url.Parse(c.RedisURL)
		switch {
		case err != nil:
			bad("REDIS_URL", "is not a URL")
		case u.Scheme != "redis" && u.Scheme != "rediss" && u.Scheme != "unix":
			bad("REDIS_URL", "scheme %q: want redis://, rediss:// or unix://", u.Scheme)
		}
	}
	if !slices.Contains([]string{"auto", "single", "sentinel", "cluster"}, c.RedisMode) {
		bad("MSPBOT_REDIS_MODE", "%q: want auto, single, sentinel or cluster", c.RedisMode)
	}
	if !identRE.MatchString(c.RedisPrefix) {
		bad("MSPBOT_REDIS_PREFIX", "%q: use 1-128 letters, digits or . _ : @ -", c.RedisPrefix)
	}
	for _, u := range c.StaffUsers {
		if !identRE.MatchString(u) {
			bad("MSPBOT_STAFF_USERS", "%q is not a valid user id (letters, digits, . _ : @ -)", u)
		}
	}
	if !identRE.MatchString(c.StaffChannel) {
		bad("MSPBOT_STAFF_CHANNEL", "%q is not a valid conversation id (letters, digits, . _ : @ -)", c.StaffChannel)
	}
	positive := []struct {
		name string
		d    time.Duration
	}{
		{"MSPBOT_SESSION_TTL", c.SessionTTL}, {"MSPBOT_HISTORY_TTL", c.HistoryTTL}, {"MSPBOT_LOCK_WAIT", c.LockWait},
		{"MSPBOT_LOCK_TTL", c.LockTTL}, {"MSPBOT_EVENT_TIMEOUT", c.EventTimeout}, {"MSPBOT_DEDUPE_TTL", c.DedupeTTL},
	}
	for _, p := range positive {
		if p.d <= 0 {
			bad(p.name, "must be longer than 0, got %s", p.d)
		}
	}
	if c.EventTimeout > 0 && c.LockTTL > 0 && c.EventTimeout >= c.LockTTL {
		bad("MSPBOT_EVENT_TIMEOUT", "(%s) must be shorter than MSPBOT_LOCK_TTL (%s), or two events could run at once in one conversation", c.EventTimeout, c.LockTTL)
	}
	if c.HistoryMax < 1 || c.HistoryMax > 100000 {
		bad("MSPBOT_HISTORY_MAX", "%d: want 1 to 100000", c.HistoryMax)
	}
	if c.MaxMessageChars < 1 || c.MaxMessageChars > 60000 {
		bad("MSPBOT_MAX_MESSAGE_CHARS", "%d: want 1 to 60000 (a request body may be 64 KiB)", c.MaxMessageChars)
	}
	if c.RateUser < 0 {
		bad("MSPBOT_RATE_USER", "%d: want 0 (no limit) or more", c.RateUser)
	}
	if c.RateConv < 0 {
		bad("MSPBOT_RATE_CONVERSATION", "%d: want 0 (no limit) or more", c.RateConv)
	}
	if c.RateWindow < time.Second || c.RateWindow > 24*time.Hour {
		bad("MSPBOT_RATE_WINDOW", "want 1s to 24h, got %s", c.RateWindow)
	}
	if c.SlackBotToken == "" && (c.SlackAppToken != "" || c.SlackSigning != "") {
		bad("SLACK_BOT_TOKEN", "must be set when SLACK_APP_TOKEN or SLACK_SIGNING_SECRET is")
	}
	if c.SlackBotToken != "" && c.SlackAppToken == "" && c.SlackSigning == "" {
		bad("SLACK_APP_TOKEN", "or SLACK_SIGNING_SECRET must be set with SLACK_BOT_TOKEN: Socket Mode or the Events API")
	}
	if c.SlackBotToken != "" && !strings.HasPrefix(c.SlackBotToken, "xoxb-") {
		bad("SLACK_BOT_TOKEN", "is not a bot token (it starts with xoxb-)")
	}
	if c.SlackAppToken != "" && !strings.HasPrefix(c.SlackAppToken, "xapp-") {
		bad("SLACK_APP_TOKEN", "is not an app-level token (it starts with xapp-)")
	}
	if c.SlackAPIURL != "" {
		if u, err := url.Parse(c.SlackAPIURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || !strings.HasSuffix(c.SlackAPIURL, "/") {
			bad("MSPBOT_SLACK_API_URL", "%q: want an http(s) URL ending in /", redact.URL(c.SlackAPIURL))
		}
	}
	if c.SlackLang != "" && c.SlackLang != "de" && c.SlackLang != "en" {
		bad("MSPBOT_SLACK_LANG", "%q: want de or en (or empty for MSPBOT_DEFAULT_LANG)", c.SlackLang)
	}
	if c.SlackThreadTTL < time.Minute || c.SlackThreadTTL > 90*24*time.Hour {
		bad("MSPBOT_SLACK_THREAD_TTL", "want 1m to 2160h (90 days), got %s", c.SlackThreadTTL)
	}
	if _, err := time.LoadLocation(c.Timezone); err != nil || c.Timezone == "" {
		bad("MSPBOT_TIMEZONE", "%q is not a known IANA time zone (e.g. Europe/Berlin)", c.Timezone)
	}
	if !slices.Contains([]string{"BW", "BY", "BE", "BB", "HB", "HH", "HE", "MV", "NI", "NW", "RP", "SL", "SN", "ST", "SH", "TH"}, c.HolidayState) {
		bad("MSPBOT_HOLIDAY_STATE", "%q is not a German state code (BW BY BE BB HB HH HE MV NI NW RP SL SN ST SH TH)", c.HolidayState)
	}
	if _, _, _, err := ParseBusinessHours(c.BusinessHours); err != nil {
		bad("MSPBOT_BUSINESS_HOURS", "%v", err)
	}
	if len(c.PhoneRegion) != 2 {
		bad("MSPBOT_PHONE_REGION", "%q: want a two-letter region code such as DE, AT or CH", c.PhoneRegion)
	}
	if c.TicketRetention <= 0 {
		bad("MSPBOT_TICKET_RETENTION", "must be longer than 0, got %s", c.TicketRetention)
	}
	if c.WebhookURL != "" {
		if u, err := url.Parse(c.WebhookURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			bad("MSPBOT_WEBHOOK_URL", "%q is not an http(s) URL", redact.URL(c.WebhookURL))
		}
		if len(c.WebhookSecret) < 16 {
			bad("MSPBOT_WEBHOOK_SECRET", "must be at least 16 characters when MSPBOT_WEBHOOK_URL is set")
		}
	}
	if c.VendorLeadTime < 0 {
		bad("MSPBOT_VENDOR_LEAD_TIME", "must not be negative, got %s", c.VendorLeadTime)
	}
	if _, open, cls, err := ParseBusinessHours(c.VendorHours); err != nil {
		bad("MSPBOT_VENDOR_HOURS", "%v", err)
	} else if c.VendorMaxDur > cls-open {
		bad("MSPBOT_VENDOR_MAX_DURATION", "%s is longer than a day of MSPBOT_VENDOR_HOURS (%s)", c.VendorMaxDur, cls-open)
	}
	if c.VendorMaxDur < 30*time.Minute || c.VendorMaxDur > 24*time.Hour {
		bad("MSPBOT_VENDOR_MAX_DURATION", "want 30m to 24h, got %s", c.VendorMaxDur)
	}
	if c.VendorReminder < 0 {
		bad("MSPBOT_VENDOR_REMINDER", "must not be negative, got %s", c.VendorReminder)
	}
	if c.VendorHoldTTL < 0 {
		bad("MSPBOT_VENDOR_HOLD_TTL", "must not be negative, got %s", c.VendorHoldTTL)
	}
	if c.ApptRetention <= 0 {
		bad("MSPBOT_APPOINTMENT_RETENTION", "must be longer than 0, got %s", c.ApptRetention)
	}
	if c.KnowledgeMode != "extend" && c.KnowledgeMode != "replace" {
		bad("MSPBOT_KNOWLEDGE_MODE", "%q: want extend or replace", c.KnowledgeMode)
	}
	if c.KnowledgeMode == "replace" && c.KnowledgeFile == "" {
		bad("MSPBOT_KNOWLEDGE_MODE", "replace needs MSPBOT_KNOWLEDGE_FILE")
	}
	if c.Threshold < 0 || c.Threshold > 1 {
		bad("MSPBOT_CONFIDENCE_THRESHOLD", "%g: want a number from 0 to 1", c.Threshold)
	}
	if c.OpenAIBaseURL != "" {
		if u, err := url.Parse(c.OpenAIBaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			bad("OPENAI_BASE_URL", "%q is not an http(s) URL", redact.URL(c.OpenAIBaseURL))
		}
	}
	if c.OpenAIModel == "" {
		bad("MSPBOT_OPENAI_MODEL", "must not be empty")
	}
	if c.LLMTimeout <= 0 {
		bad("MSPBOT_LLM_TIMEOUT", "must be longer than 0, got %s", c.LLMTimeout)
	}
	c.validateMail(bad)
	c.validateAccounts(bad)
	c.validateTeams(bad)
	c.validateWeb(bad)
	c.validateStaff(bad)
	if c.DefaultLang != "de" && c.DefaultLang != "en" {
		bad("MSPBOT_DEFAULT_LANG", "%q: want de or en", c.DefaultLang)
	}
	if c.SigningKey != "" {
		if _, err := protocols.ParsePrivateKey(c.SigningKey); err != nil {
			bad("MSPBOT_SIGNING_KEY", "is not an Ed25519 private key (%v); give base64 of the 32-byte seed (e.g. openssl rand -base64 32) or a PKCS#8 PEM block", err)
		}
	}
	if c.ProtoReminder <= 0 {
		bad("MSPBOT_PROTOCOL_REMINDER", "must be longer than 0, got %s", c.ProtoReminder)
	}
	if c.DebugAddr != "" {
		if host, port, err := net.SplitHostPort(c.DebugAddr); err != nil || !isLoopback(host) {
			bad("MSPBOT_DEBUG_ADDR", "%q: want a loopback host:port such as 127.0.0.1:6060 (profiles must not be public)", c.DebugAddr)
		} else if !validPort(port, true) {
			bad("MSPBOT_DEBUG_ADDR", "port %q: want a number from 1 to 65535 (0: any free port)", port)
		}
	}
	c.validateURLPorts(bad)
	if !slices.Contains([]string{"debug", "info", "warn", "error"}, c.LogLevel) {
		bad("MSPBOT_LOG_LEVEL", "%q: want debug, info, warn or error", c.LogLevel)
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		bad("MSPBOT_LOG_FORMAT", "%q: want text or json", c.LogFormat)
	}
	return errs
}

// validPort reports whether port is a number from 1 to 65535, or 0 when
// zero (any free port) is allowed.
func validPort(port string, zero bool) bool {
	if port == "" || len(port) > 5 || strings.Trim(port, "0123456789") != "" {
		return false
	}
	n, _ := strconv.Atoi(port)
	return n <= 65535 && (n >= 1 || zero)
}

// validateURLPorts checks the port of every URL setting (and of the addr
// parameters of REDIS_URL): from 1 to 65535 when one is given.
func (c *Config) validateURLPorts(bad func(setting, format string, args ...any)) {
	for _, s := range Settings() {
		v := s.get(c)
		if !s.URL || v == "" {
			continue
		}
		u, err := url.Parse(v)
		if err != nil {
			continue // the setting's own check says what is wrong
		}
		hosts := []string{u.Host}
		if s.Env == "REDIS_URL" {
			hosts = append(hosts, u.Query()["addr"]...)
		}
		for _, h := range hosts {
			if h == "" || strings.HasPrefix(v, "unix:") {
				continue
			}
			if _, port, err := net.SplitHostPort(h); err == nil && port != "" && !validPort(port, false) {
				bad(s.Env, "port %q: want a number from 1 to 65535", port)
			}
		}
	}
}

// validateMail checks the MSPBOT_SMTP_* settings.
func (c *Config) validateMail(bad func(setting, format string, args ...any)) {
	if !slices.Contains([]string{"none", "starttls", "tls"}, c.SMTPTLS) {
		bad("MSPBOT_SMTP_TLS", "%q: want starttls, tls or none", c.SMTPTLS)
	}
	if c.SMTPPort < 1 || c.SMTPPort > 65535 {
		bad("MSPBOT_SMTP_PORT", "%d: want a port from 1 to 65535", c.SMTPPort)
	}
	if c.SMTPHost == "" {
		for _, s := range []struct{ name, v string }{{"MSPBOT_SMTP_FROM", c.SMTPFrom}, {"MSPBOT_SMTP_USERNAME", c.SMTPUsername}, {"MSPBOT_SMTP_PASSWORD", c.SMTPPassword}} {
			if s.v != "" {
				bad("MSPBOT_SMTP_HOST", "must be set when %s is (empty means no e-mails)", s.name)
				break
			}
		}
		return
	}
	if strings.ContainsAny(c.SMTPHost, " /:@") {
		bad("MSPBOT_SMTP_HOST", "%q: want a host name or address only (the port goes in MSPBOT_SMTP_PORT)", c.SMTPHost)
	}
	if c.SMTPFrom == "" {
		bad("MSPBOT_SMTP_FROM", "must be set when MSPBOT_SMTP_HOST is: the sender address of the e-mails")
	} else if a, err := mail.ParseAddress(c.SMTPFrom); err != nil || !strings.Contains(a.Address, "@") {
		bad("MSPBOT_SMTP_FROM", "%q is not an e-mail address (write helpdesk@msp.example or Helpdesk <helpdesk@msp.example>)", c.SMTPFrom)
	}
	if c.SMTPPassword != "" && c.SMTPUsername == "" {
		bad("MSPBOT_SMTP_USERNAME", "must be set when MSPBOT_SMTP_PASSWORD is")
	}
	if c.SMTPTLS == "none" && c.SMTPUsername != "" && !isLoopback(c.SMTPHost) {
		bad("MSPBOT_SMTP_TLS", "none with MSPBOT_SMTP_USERNAME would send the password in clear to %s; use starttls or tls (none with a user is only allowed to a loopback host)", c.SMTPHost)
	}
}

// validateAccounts checks the MSPBOT_ACCOUNT_* settings.
func (c *Config) validateAccounts(bad func(setting, format string, args ...any)) {
	if c.AccountWebhookURL != "" && c.AccountCommand != "" {
		bad("MSPBOT_ACCOUNT_COMMAND", "set either MSPBOT_ACCOUNT_WEBHOOK_URL or MSPBOT_ACCOUNT_COMMAND, not both")
	}
	if c.AccountWebhookURL != "" {
		if u, err := url.Parse(c.AccountWebhookURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			bad("MSPBOT_ACCOUNT_WEBHOOK_URL", "%q is not an http(s) URL", redact.URL(c.AccountWebhookURL))
		}
		if len(c.AccountWebhookSecret) < 16 {
			bad("MSPBOT_ACCOUNT_WEBHOOK_SECRET", "must be at least 16 characters when MSPBOT_ACCOUNT_WEBHOOK_URL is set")
		}
	}
	if c.AccountCommand != "" {
		if !filepath.IsAbs(c.AccountCommand) {
			bad("MSPBOT_ACCOUNT_COMMAND", "%q: want an absolute path", c.AccountCommand)
		} else if st, err := os.Stat(c.AccountCommand); err != nil || !st.Mode().IsRegular() || st.Mode().Perm()&0o111 == 0 {
			bad("MSPBOT_ACCOUNT_COMMAND", "%q is not an executable file", c.AccountCommand)
		}
	}
}

// Source says where the value of setting env came from: "default",
// "file" or "env".
func (c *Config) Source(env string) string { return c.sources[env] }

// APIRequiresToken reports whether the JSON API demands a bearer token.
func (c *Config) APIRequiresToken() bool {
	if c.APIToken != "" {
		return true
	}
	host, _, err := net.SplitHostPort(c.HTTPAddr)
	return err != nil || !isLoopback(host)
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Print writes the effective configuration, one setting a line with where it
// came from, secrets masked: a secret shows only that it is set, a URL
// everything but its user info and secret-looking parameters, and any URL
// inside another value is masked the same way.
func (c *Config) Print(w io.Writer) error {
	if c.ConfigFile != "" {
		if _, err := fmt.Fprintf(w, "# file: %s\n", c.ConfigFile); err != nil {
			return err
		}
	}
	for _, s := range Settings() {
		v := s.get(c)
		switch {
		case s.Secret:
			v = Mask(s.Env, v)
		case s.URL:
			v = redact.URL(v)
		default:
			v = redact.Text(v)
		}
		if _, err := fmt.Fprintf(w, "%s=%s\t# %s\n", s.Env, v, c.sources[s.Env]); err != nil {
			return err
		}
	}
	return nil
}

// ParseBusinessHours reads "Mon-Fri 08:00-17:00": a day or range of days
// (Mon Tue Wed Thu Fri Sat Sun, or German Mo Di Mi Do Fr Sa So) and a time
// range.
func ParseBusinessHours(s string) (days []time.Weekday, open, close time.Duration, err error) {
	names := map[string]time.Weekday{"mon": time.Monday, "mo": time.Monday, "tue": time.Tuesday, "di": time.Tuesday,
		"wed": time.Wednesday, "mi": time.Wednesday, "thu": time.Thursday, "do": time.Thursday, "fri": time.Friday,
		"fr": time.Friday, "sat": time.Saturday, "sa": time.Saturday, "sun": time.Sunday, "so": time.Sunday}
	m := regexp.MustCompile(`^(?i)([a-z]{2,3})(?:\s*-\s*([a-z]{2,3}))?\s+(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$`).FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return nil, 0, 0, fmt.Errorf("%q: write days and times like Mon-Fri 08:00-17:00", s)
	}
	from, ok1 := names[strings.ToLower(m[1])]
	to := from
	ok2 := true
	if m[2] != "" {
		to, ok2 = names[strings.ToLower(m[2])]
	}
	if !ok1 || !ok2 {
		return nil, 0, 0, fmt.Errorf("%q: unknown day name", s)
	}
	for d := from; ; d = (d + 1) % 7 {
		days = append(days, d)
		if d == to {
			break
		}
	}
	hm := func(h, mi string) time.Duration {
		a, _ := strconv.Atoi(h)
		b, _ := strconv.Atoi(mi)
		return time.Duration(a)*time.Hour + time.Duration(b)*time.Minute
	}
	open, close = hm(m[3], m[4]), hm(m[5], m[6])
	if open >= close || close > 24*time.Hour {
		return nil, 0, 0, fmt.Errorf("%q: the office must open before it closes, within one day", s)
	}
	return days, open, close, nil
}

// Mask hides the value of setting env for printing and logging: a URL
// setting (REDIS_URL …) keeps everything but its user info and
// secret-looking parameters, valid or not (internal/redact); any other
// secret shows only whether it is set.
func Mask(env, v string) string {
	if v == "" {
		return ""
	}
	for _, s := range Settings() {
		if s.Env == env && s.URL {
			return redact.URL(v)
		}
	}
	return "******** (set)"
}
