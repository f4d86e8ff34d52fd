package protocols

import (
	"crypto/ed25519"
	"fmt"
	"slices"
)

// Report is the outcome of verifying one protocol: valid when it has no
// findings. Each finding says exactly what does not hold.
type Report struct {
	ID      string
	Version int
	State   State
	Hash    string
	// Findings are in English; FindingsDE are the same in German.
	Findings   []string
	FindingsDE []string
}

// OK reports whether nothing was found.
func (r Report) OK() bool { return len(r.Findings) == 0 }

// In returns the findings in lang ("de" or "en").
func (r Report) In(lang string) []string {
	if lang == "de" && len(r.FindingsDE) == len(r.Findings) {
		return r.FindingsDE
	}
	return r.Findings
}

// findingsDE gives every finding's format in German.
var findingsDE = map[string]string{
	"log entry %d cannot be read (%s): it was altered":                                                                                                        "Eintrag %d des Ereignisprotokolls ist nicht lesbar (%s): er wurde verändert",
	"log entry %d (%s) has sequence number %d: entries are missing or reordered before it":                                                                    "Eintrag %d (%s) trägt die laufende Nummer %d: davor fehlen Einträge oder sie wurden umgestellt",
	"log entry %d (%s) does not name the hash of the entry before it: an entry was removed, reordered or altered":                                             "Eintrag %d (%s) nennt nicht den Hash des Eintrags davor: ein Eintrag wurde entfernt, umgestellt oder verändert",
	"log entry %d (%s) was altered: its content hashes to %s, the entry says %s":                                                                              "Eintrag %d (%s) wurde verändert: sein Inhalt ergibt den Hash %s, der Eintrag nennt %s",
	"the log does not start with the created entry":                                                                                                           "das Ereignisprotokoll beginnt nicht mit dem Eintrag „created“",
	"the protocol names log entry %d (%s) as the last, but the log has %d entries ending in %s: entries are missing at the end or were added outside the bot": "das Protokoll nennt Eintrag %d (%s) als letzten, das Ereignisprotokoll hat aber %d Einträge und endet mit %s: am Ende fehlen Einträge oder sie wurden am Bot vorbei hinzugefügt",
	"log entry %d (%s) of version %d carries no content":                                                                                                      "Eintrag %d (%s) der Version %d enthält keinen Inhalt",
	"log entry %d: version %d's content hashes to %s, the entry says %s":                                                                                      "Eintrag %d: der Inhalt der Version %d ergibt den Hash %s, der Eintrag nennt %s",
	"log entry %d records version %d a second time":                                                                                                           "Eintrag %d verzeichnet Version %d ein zweites Mal",
	"log entry %d (signed) carries no signature":                                                                                                              "Eintrag %d (signed) enthält keine Unterschrift",
	"the content of %s was changed outside the bot: it hashes to %s, version %d was recorded as %s":                                                           "der Inhalt von %s wurde am Bot vorbei geändert: er ergibt den Hash %s, Version %d wurde mit %s verzeichnet",
	"version %d of %s is not in the log":                                                                                                                      "Version %d von %s steht nicht im Ereignisprotokoll",
	"%s says version %d has hash %s, the log recorded %s":                                                                                                     "%s nennt für Version %d den Hash %s, das Ereignisprotokoll verzeichnet %s",
	"the content of %s differs from version %d in the log":                                                                                                    "der Inhalt von %s weicht von Version %d im Ereignisprotokoll ab",
	"%s: the signature of %s names version %d, which is not in the log":                                                                                       "%s: die Unterschrift von %s nennt Version %d, die nicht im Ereignisprotokoll steht",
	"%s: the signature of %s names version %d but signed hash %s; version %d's hash is %s":                                                                    "%s: die Unterschrift von %s nennt Version %d, unterschrieben ist aber der Hash %s; Version %d hat den Hash %s",
	"%s: %s is not a signer named in version %d":                                                                                                              "%s: %s ist in Version %d nicht als Unterzeichner genannt",
	"%s: the bot's attestation of the signature of %s (version %d) does not verify with key %s: the signature was altered or made with another key":           "%s: die Bestätigung des Bots für die Unterschrift von %s (Version %d) ist mit dem Schlüssel %s nicht gültig: die Unterschrift wurde verändert oder mit einem anderen Schlüssel erstellt",
	"%s: the signature of %s for version %d is not in the log":                                                                                                "%s: die Unterschrift von %s für Version %d steht nicht im Ereignisprotokoll",
	"%s: the signature of %s for version %d in the log is missing from the protocol":                                                                          "%s: die Unterschrift von %s für Version %d aus dem Ereignisprotokoll fehlt im Protokoll",
	"%s is marked complete, but %s has not signed version %d":                                                                                                 "%s ist als vollständig unterschrieben markiert, aber %s hat Version %d nicht unterschrieben",
	"%s is marked complete, but the log has no completed entry for version %d":                                                                                "%s ist als vollständig unterschrieben markiert, aber das Ereignisprotokoll hat für Version %d keinen Eintrag „completed“",
	"the log says version %d of %s was completed, but the protocol is %s":                                                                                     "laut Ereignisprotokoll wurde Version %d von %s vollständig unterschrieben, das Protokoll steht aber auf „%s“",
}

// Verify recomputes every hash of p and its log, checks every signature
// (the hash it signed against the version it names, the bot's attestation
// with pub, that the signer is named in that version) and the chain
// (missing, reordered, altered entries), and that p is what its log says.
func Verify(p Protocol, log []Entry, pub ed25519.PublicKey) Report {
	r := Report{ID: p.ID, Version: p.Version, State: p.State, Hash: p.Hash}
	bad := func(format string, args ...any) {
		r.Findings = append(r.Findings, fmt.Sprintf(format, args...))
		de, ok := findingsDE[format]
		if !ok {
			de = format
		}
		r.FindingsDE = append(r.FindingsDE, fmt.Sprintf(de, args...))
	}

	// The chain.
	prev := ""
	for i, e := range log {
		pos := i + 1
		if e.Unreadable != "" {
			bad("log entry %d cannot be read (%s): it was altered", pos, e.Unreadable)
			prev = ""
			continue
		}
		if e.Seq != pos {
			bad("log entry %d (%s) has sequence number %d: entries are missing or reordered before it", pos, e.Type, e.Seq)
		}
		if e.Prev != prev {
			bad("log entry %d (%s) does not name the hash of the entry before it: an entry was removed, reordered or altered", pos, e.Type)
		}
		if got := Hash(e.Canonical()); got != e.EntryHash {
			bad("log entry %d (%s) was altered: its content hashes to %s, the entry says %s", pos, e.Type, short(got), short(e.EntryHash))
		}
		prev = e.EntryHash
	}
	if len(log) == 0 || log[0].Type != EventCreated {
		bad("the log does not start with the created entry")
	}
	if p.Seq != len(log) || p.Head != prev {
		bad("the protocol names log entry %d (%s) as the last, but the log has %d entries ending in %s: entries are missing at the end or were added outside the bot",
			p.Seq, short(p.Head), len(log), short(prev))
	}

	// The versions, replayed from the log.
	versions := map[int]string{}
	contents := map[int]Content{}
	var logSigs []Signature
	completed := map[int]bool{}
	for i, e := range log {
		pos := i + 1
		switch e.Type {
		case EventCreated, EventEdited:
			if e.Content == nil {
				bad("log entry %d (%s) of version %d carries no content", pos, e.Type, e.Version)
				continue
			}
			if got := Hash(Canonical(p.ID, e.Version, *e.Content)); got != e.Hash {
				bad("log entry %d: version %d's content hashes to %s, the entry says %s", pos, e.Version, short(got), short(e.Hash))
			}
			if _, dup := versions[e.Version]; dup {
				bad("log entry %d records version %d a second time", pos, e.Version)
			}
			versions[e.Version] = e.Hash
			contents[e.Version] = *e.Content
		case EventSigned:
			if e.Signature == nil {
				bad("log entry %d (signed) carries no signature", pos)
				continue
			}
			logSigs = append(logSigs, *e.Signature)
		case EventCompleted:
			completed[e.Version] = true
		}
	}

	// The stored protocol against its log.
	if got := Hash(Canonical(p.ID, p.Version, p.Content)); got != p.Hash {
		bad("the content of %s was changed outside the bot: it hashes to %s, version %d was recorded as %s", p.ID, short(got), p.Version, short(p.Hash))
	}
	if h, ok := versions[p.Version]; !ok {
		bad("version %d of %s is not in the log", p.Version, p.ID)
	} else if h != p.Hash {
		bad("%s says version %d has hash %s, the log recorded %s", p.ID, p.Version, short(p.Hash), short(h))
	} else if got := Hash(Canonical(p.ID, p.Version, p.Content)); got != h {
		bad("the content of %s differs from version %d in the log", p.ID, p.Version)
	}

	// Every signature: the one in the protocol and the one in the log.
	check := func(where string, s Signature) {
		who := s.Signer.String()
		h, ok := versions[s.Version]
		switch {
		case !ok:
			bad("%s: the signature of %s names version %d, which is not in the log", where, who, s.Version)
		case h != s.Hash:
			bad("%s: the signature of %s names version %d but signed hash %s; version %d's hash is %s", where, who, s.Version, short(s.Hash), s.Version, short(h))
		}
		if c, ok := contents[s.Version]; ok {
			if _, _, named := c.SignerOf(s.Signer); !named {
				bad("%s: %s is not a signer named in version %d", where, who, s.Version)
			}
		}
		if !CheckAttestation(pub, p.ID, s) {
			bad("%s: the bot's attestation of the signature of %s (version %d) does not verify with key %s: the signature was altered or made with another key",
				where, who, s.Version, KeyFingerprint(pub))
		}
	}
	for _, s := range p.Signatures {
		check(p.ID, s)
		if !slices.ContainsFunc(logSigs, func(l Signature) bool { return l == s }) {
			bad("%s: the signature of %s for version %d is not in the log", p.ID, s.Signer, s.Version)
		}
	}
	for _, s := range logSigs {
		check("log", s)
		if !slices.ContainsFunc(p.Signatures, func(l Signature) bool { return l == s }) {
			bad("%s: the signature of %s for version %d in the log is missing from the protocol", p.ID, s.Signer, s.Version)
		}
	}

	// Binding only when every required signer signed the same, current version.
	if p.State == StateComplete {
		for _, s := range p.Pending() {
			bad("%s is marked complete, but %s has not signed version %d", p.ID, s.ID, p.Version)
		}
		if !completed[p.Version] {
			bad("%s is marked complete, but the log has no completed entry for version %d", p.ID, p.Version)
		}
	} else if completed[p.Version] {
		bad("the log says version %d of %s was completed, but the protocol is %s", p.Version, p.ID, p.State)
	}
	return r
}
