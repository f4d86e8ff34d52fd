package handlers

// Texts of the meeting-protocol conversation.
var (
	txtProtoStarted = text{
		de: "Ich lege das Protokoll %s an. Schreiben Sie die Angaben Zeile für Zeile oder als ganzen Block, zum Beispiel:\n" +
			"Titel: Planungsgespräch ERP-Update\nDatum: 15.12.2026 10:00\nKunde: Muster GmbH\n" +
			"Unterzeichner Kunde: %s Anna Becker anna@muster.example\nUnterzeichner Hersteller: … · Unterzeichner Dienstleister: …\n" +
			"Teilnehmer: Anna Becker, Vera Vogt\nEntscheidung: …\nVereinbarung: …\nAufgabe: Herr Vogt bis 10.12.: Testplan schicken\n" +
			"Unterzeichner nennen Sie mit ihrer Plattform-Identität (%s), nicht mit einem getippten Namen – nur diese Person kann dann unterschreiben. " +
			"„zeigen“ zeigt den Entwurf, „fertig“ legt ihn zur Unterschrift vor, „abbrechen“ beendet die Eingabe (der Entwurf bleibt).",
		en: "I am starting protocol %s. Write the details line by line or as one block, for example:\n" +
			"Title: ERP update planning talk\nDate: 2026-12-15 10:00\nClient: Muster GmbH\n" +
			"Signer client: %s Anna Becker anna@muster.example\nSigner vendor: … · Signer provider: …\n" +
			"Attendees: Anna Becker, Vera Vogt\nDecision: …\nAgreement: …\nAction: Bob by 2026-12-10: send the test plan\n" +
			"Name signers by their platform identity (%s), not by a typed name – only that person can then sign. " +
			"\"show\" shows the draft, \"done\" puts it up for signing, \"cancel\" stops editing (the draft is kept).",
	}
	txtProtoNoted      = text{de: "Notiert in %s (Version %d): %s.", en: "Noted in %s (version %d): %s."}
	txtProtoUnchanged  = text{de: "Am Protokoll %s hat sich dadurch nichts geändert.", en: "That changed nothing in protocol %s."}
	txtProtoUnknown    = text{de: "Nicht verstanden – bitte mit Feldnamen neu schreiben (z. B. „Entscheidung: …“): %s", en: "Not understood – please write it again with a field name (e.g. \"Decision: …\"): %s"}
	txtProtoLineError  = text{de: "„%s“: %s", en: "\"%s\": %s"}
	txtProtoStillOpen  = text{de: "Noch offen: %s.", en: "Still missing: %s."}
	txtProtoNextSteps  = text{de: "„zeigen“ zeigt den Entwurf, „fertig“ legt ihn zur Unterschrift vor.", en: "\"show\" shows the draft, \"done\" puts it up for signing."}
	txtProtoLeft       = text{de: "In Ordnung, ich beende die Eingabe. Der Entwurf %s bleibt erhalten; mit „Protokoll bearbeiten“ geht es weiter.", en: "All right, I stop editing. Draft %s is kept; \"edit protocol\" continues."}
	txtProtoNone       = text{de: "In diesem Gespräch gibt es noch kein Protokoll. Mit „Protokoll anlegen“ beginnen Sie eines.", en: "There is no protocol in this conversation yet. \"Start a protocol\" begins one."}
	txtProtoWhich      = text{de: "Welches Protokoll meinen Sie? Nennen Sie bitte die Nummer, z. B. „unterschreiben PR-26-0001“.", en: "Which protocol do you mean? Please give its number, e.g. \"sign PR-26-0001\"."}
	txtProtoNotFound   = text{de: "Ein Protokoll %s finde ich nicht.", en: "I find no protocol %s."}
	txtProtoNotAllowed = text{de: "Das Protokoll %s können nur die Person, die es angelegt hat, die genannten Unterzeichner und Mitarbeiter des Dienstleisters ändern.", en: "Protocol %s can only be changed by the person who started it, its named signers and the provider's staff."}
	txtProtoComplete   = text{de: "Das Protokoll %s ist von allen unterschrieben und damit verbindlich; es kann nicht mehr geändert werden. Für Änderungen legen Sie bitte ein neues Protokoll an.", en: "Protocol %s is signed by everyone and therefore binding; it can no longer be changed. For changes please start a new protocol."}
	txtProtoEditing    = text{de: "Sie bearbeiten jetzt das Protokoll %s (Version %d). Schreiben Sie Ergänzungen oder Korrekturen; „fertig“ legt es zur Unterschrift vor.", en: "You are now editing protocol %s (version %d). Write additions or corrections; \"done\" puts it up for signing."}

	txtProtoMissing = map[string]text{
		"title":   {de: "Titel („Titel: …“)", en: "title (\"Title: …\")"},
		"date":    {de: "Datum („Datum: 15.12.2026 10:00“)", en: "date (\"Date: 2026-12-15 10:00\")"},
		"signers": {de: "Unterzeichner („Unterzeichner Kunde: … Name E-Mail“)", en: "signers (\"Signer client: … name e-mail\")"},
		"items":   {de: "mindestens eine Vereinbarung, Entscheidung oder Aufgabe", en: "at least one agreement, decision or action item"},
		"email":   {de: "E-Mail-Adresse von %s („E-Mail %s: name@firma.de“)", en: "e-mail address of %s (\"Email %s: name@company.com\")"},
	}
	txtProtoFieldNames = map[string]text{
		"title": {de: "Titel", en: "title"}, "date": {de: "Datum", en: "date"}, "party": {de: "Partei", en: "party"},
		"signer": {de: "Unterzeichner", en: "signer"}, "email": {de: "E-Mail", en: "e-mail"},
		"remove_signer": {de: "Unterzeichner entfernt", en: "signer removed"}, "attendees": {de: "Teilnehmende", en: "attendees"},
		"agreement": {de: "Vereinbarung", en: "agreement"}, "decision": {de: "Entscheidung", en: "decision"},
		"action": {de: "Aufgabe", en: "action item"}, "remove_item": {de: "Punkt gelöscht", en: "item removed"},
		"replace_item": {de: "Punkt geändert", en: "item changed"}, "appointment": {de: "Zugriffstermin", en: "vendor appointment"},
	}
	txtProtoLineErrors = map[string]text{
		"date":     {de: "dieses Datum verstehe ich nicht (z. B. 15.12.2026 oder 15.12.2026 10:00)", en: "I do not understand this date (e.g. 2026-12-15 or 2026-12-15 10:00)"},
		"identity": {de: "Unterzeichner bitte mit Plattform-Identität nennen (%s), nicht mit einem getippten Namen", en: "please name signers by their platform identity (%s), not by a typed name"},
		"email":    {de: "das ist keine gültige E-Mail-Adresse", en: "that is not a valid e-mail address"},
		"item":     {de: "einen solchen Punkt gibt es nicht", en: "there is no such item"},
		"signer":   {de: "diese Person ist nicht als Unterzeichner genannt", en: "that person is not named as a signer"},
		"role":     {de: "bitte die Partei nennen: „Unterzeichner Kunde:“, „Unterzeichner Hersteller:“ oder „Unterzeichner Dienstleister:“", en: "please name the party: \"Signer client:\", \"Signer vendor:\" or \"Signer provider:\""},
	}
	txtProtoIdentityHint = map[string]text{
		"slack":   {de: "eine @-Erwähnung in Slack oder „ich“", en: "an @-mention in Slack or \"me\""},
		"discord": {de: "eine @-Erwähnung in Discord oder „ich“", en: "an @-mention in Discord or \"me\""},
		"web":     {de: "@ und die Benutzerkennung der API, z. B. @anna, oder „ich“", en: "@ and the API user id, e.g. @anna, or \"me\""},
		"":        {de: "„ich“ für Sie selbst oder plattform:kennung, z. B. slack:U024BE7LH", en: "\"me\" for yourself or platform:id, e.g. slack:U024BE7LH"},
	}

	txtProtoDraftHead   = text{de: "📝 Entwurf %s, Version %d", en: "📝 Draft %s, version %d"}
	txtProtoSignHead    = text{de: "📝 Protokoll %s, Version %d – zur Unterschrift", en: "📝 Protocol %s, version %d – for signature"}
	txtProtoDoneHead    = text{de: "📝 Protokoll %s, Version %d – verbindlich unterschrieben", en: "📝 Protocol %s, version %d – signed and binding"}
	txtProtoTitle       = text{de: "Titel: %s", en: "Title: %s"}
	txtProtoDate        = text{de: "Datum: %s", en: "Date: %s"}
	txtProtoAppointment = text{de: "Zugriffstermin: %s", en: "Vendor appointment: %s"}
	txtProtoSigns       = text{de: "unterschreibt", en: "signs"}
	txtProtoAttendees   = text{de: "Teilnehmende: %s", en: "Attendees: %s"}
	txtProtoNoItems     = text{de: "(noch keine Punkte)", en: "(no items yet)"}
	txtProtoHash        = text{de: "SHA-256: %s", en: "SHA-256: %s"}
	txtProtoHowToSign   = text{de: "Zum Unterschreiben: ✅ auf diese Nachricht, die Schaltfläche oder „unterschreiben“. Es unterschreiben: %s.", en: "To sign: ✅ on this message, the button or \"sign\". Signers: %s."}
	txtProtoResign      = text{de: "Das Protokoll %s wurde geändert und ist jetzt Version %d. Bisherige Unterschriften gelten nicht mehr – bitte alle erneut unterschreiben.", en: "Protocol %s was changed and is now version %d. Earlier signatures no longer count – everyone please sign again."}
	txtBtnProtoSign     = text{de: "Unterschreiben", en: "Sign"}

	txtProtoSigned       = text{de: "✍️ %s (%s) hat Version %d von %s unterschrieben (%s).", en: "✍️ %s (%s) signed version %d of %s (%s)."}
	txtProtoStillToSign  = text{de: "Es fehlen noch: %s.", en: "Still to sign: %s."}
	txtProtoBinding      = text{de: "✅ Das Protokoll %s ist verbindlich: alle Unterzeichner haben Version %d unterschrieben.", en: "✅ Protocol %s is binding: every signer signed version %d."}
	txtProtoNotSigner    = text{de: "Sie sind im Protokoll %s nicht als Unterzeichner genannt. Unterschreiben können nur: %s.", en: "You are not named as a signer of protocol %s. Only these can sign: %s."}
	txtProtoStale        = text{de: "Diese Nachricht zeigt Version %d von %s, aktuell ist Version %d. Bitte unterschreiben Sie die aktuelle Fassung.", en: "This message shows version %d of %s; the current one is version %d. Please sign the current version."}
	txtProtoNotSubmitted = text{de: "Das Protokoll %s ist noch ein Entwurf. Wenn alles stimmt, legt „fertig“ es zur Unterschrift vor.", en: "Protocol %s is still a draft. When everything is right, \"done\" puts it up for signing."}
	txtProtoAlready      = text{de: "Sie haben Version %d von %s bereits unterschrieben.", en: "You have already signed version %d of %s."}
	txtProtoIsComplete   = text{de: "Das Protokoll %s ist bereits von allen unterschrieben.", en: "Protocol %s is already signed by everyone."}

	txtProtoMailed      = text{de: "📧 Alle Parteien haben das unterschriebene Protokoll als Markdown und PDF per E-Mail erhalten (%s).", en: "📧 Every party has received the signed protocol by e-mail as Markdown and PDF (%s)."}
	txtProtoMailOff     = text{de: "Der E-Mail-Versand ist nicht eingerichtet: das unterschriebene Protokoll wurde nicht per E-Mail verschickt. Hier zeigt „Protokoll %s zeigen“ es jederzeit; als Datei erhalten Sie es vom Dienstleister.", en: "E-mail is not set up: the signed protocol was not sent by e-mail. \"show protocol %s\" shows it here at any time; the provider can give it to you as a file."}
	txtProtoMailFailed  = text{de: "Das unterschriebene Protokoll konnte gerade nicht per E-Mail verschickt werden. „Protokoll %s senden“ versucht es erneut.", en: "The signed protocol could not be sent by e-mail just now. \"send protocol %s\" tries again."}
	txtProtoSendOnly    = text{de: "Verschickt wird ein Protokoll erst, wenn alle unterschrieben haben; %s wartet noch auf: %s.", en: "A protocol is sent once everyone has signed; %s is still waiting for: %s."}
	txtProtoMailSubject = text{de: "Unterschriebenes Protokoll %s: %s", en: "Signed protocol %s: %s"}
	txtProtoMailBody    = text{
		de: "Guten Tag,\n\nanbei das von allen Parteien unterschriebene Protokoll %s „%s“ (Version %d) als Markdown und PDF.\n\nSHA-256 des Inhalts (kanonische Form): %s\n\nUnterschriften:\n%s\nJede Unterschrift ist mit dem Ed25519-Schlüssel des Service-Assistenten (%s) bestätigt. Prüfen lässt sich das Protokoll jederzeit mit „mspbot protocol verify %s“.\n\nMit freundlichen Grüßen\nIhr Service-Assistent\n",
		en: "Hello,\n\nattached is protocol %s \"%s\" (version %d), signed by every party, as Markdown and PDF.\n\nSHA-256 of the content (canonical form): %s\n\nSignatures:\n%s\nEvery signature is attested with the service assistant's Ed25519 key (%s). The protocol can be checked at any time with \"mspbot protocol verify %s\".\n\nKind regards\nYour service assistant\n",
	}

	txtProtoListHead  = text{de: "Ihre Protokolle:", en: "Your protocols:"}
	txtProtoListNone  = text{de: "Ich finde keine Protokolle Ihrer Organisation. Mit „Protokoll anlegen“ beginnen Sie eines.", en: "I find no protocols of your organisation. \"Start a protocol\" begins one."}
	txtProtoListFoot  = text{de: "„Protokoll PR-… zeigen“ zeigt ein Protokoll hier, „Protokoll PR-… prüfen“ prüft es.", en: "\"show protocol PR-…\" shows one here, \"verify protocol PR-…\" checks it."}
	txtProtoListSent  = text{de: ", als Markdown und PDF per E-Mail an alle Unterzeichner verschickt", en: ", sent to every signer by e-mail as Markdown and PDF"}
	txtProtoListNot   = text{de: ", nicht per E-Mail verschickt", en: ", not sent by e-mail"}
	txtProtoStateText = map[string]text{
		"draft":    {de: "Entwurf", en: "draft"},
		"signing":  {de: "wartet auf Unterschriften von %s", en: "waiting for signatures of %s"},
		"complete": {de: "verbindlich unterschrieben", en: "signed and binding"},
	}
	txtProtoVerifyOK  = text{de: "🔎 %s geprüft: in Ordnung. Version %d, %s; gültige Unterschriften dieser Version: %d; Ereignisprotokoll mit %d Einträgen lückenlos verkettet.", en: "🔎 %s checked: valid. Version %d, %s; valid signatures of this version: %d; event log of %d entries chained without gaps."}
	txtProtoVerifyBad = text{de: "⚠️ %s geprüft: Abweichungen gefunden (%d):\n%s", en: "⚠️ %s checked: %d problems found:\n%s"}
	txtProtoNoLLM     = text{de: "Ein Transkript kann ich nur mit einem eingerichteten Sprachmodell (OPENAI_API_KEY) auswerten. Schreiben Sie die Punkte bitte mit Feldnamen, z. B. „Entscheidung: …“.", en: "I can only read a transcript with a language model set up (OPENAI_API_KEY). Please write the points with field names, e.g. \"Decision: …\"."}
	txtProtoLLMFailed = text{de: "Das Sprachmodell konnte das Transkript gerade nicht auswerten. Schreiben Sie die Punkte bitte mit Feldnamen, z. B. „Entscheidung: …“.", en: "The language model could not read the transcript just now. Please write the points with field names, e.g. \"Decision: …\"."}
	txtProtoLLMEmpty  = text{de: "Im Transkript habe ich keine Vereinbarungen, Entscheidungen oder Aufgaben gefunden.", en: "I found no agreements, decisions or action items in the transcript."}
	txtProtoLLMDraft  = text{de: "Entwurf aus dem Transkript (%d Punkte, vom Sprachmodell vorgeschlagen): bitte prüfen und korrigieren – unterschrieben ist noch nichts, Unterzeichner nennen Sie selbst.", en: "Draft from the transcript (%d items, proposed by the language model): please check and correct it – nothing is signed yet, and you name the signers yourself."}
	txtProtoReminder  = text{de: "⏰ Erinnerung: Das Protokoll %s „%s“ (Version %d) wartet auf Ihre Unterschrift: %s. Zum Unterschreiben ✅ auf diese Nachricht, die Schaltfläche oder „unterschreiben %s“.", en: "⏰ Reminder: protocol %s \"%s\" (version %d) is waiting for your signature: %s. To sign: ✅ on this message, the button or \"sign %s\"."}
)
