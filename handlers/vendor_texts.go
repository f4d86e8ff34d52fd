package handlers

// Vendor appointments: what the bot says, in German and English. The rules
// quote the provider's SOP for line-of-business vendors.
var (
	txtVendorIntro         = text{de: "Gern plane ich den Zugriff des Softwareherstellers. Nach unserer Verfahrensanweisung wird jeder Herstellerzugriff auf Server mindestens %d Tage im Voraus geplant, von uns koordiniert und dokumentiert.", en: "I'll gladly schedule the software vendor's access. Under our procedure every vendor access to servers is scheduled at least %d days ahead, coordinated and documented by us."}
	txtVendorAskVendor     = text{de: "Um welchen Hersteller bzw. welche Software geht es?", en: "Which vendor or software is it about?"}
	txtVendorAskSystem     = text{de: "Auf welches System bzw. welchen Server muss der Hersteller zugreifen (z. B. SRV-01)?", en: "Which system or server does the vendor need to access (e.g. SRV-01)?"}
	txtVendorAskPurpose    = text{de: "Was soll der Hersteller dort tun (z. B. Jahresupdate, Fehleranalyse)?", en: "What is the vendor going to do there (e.g. annual update, troubleshooting)?"}
	txtVendorAskDuration   = text{de: "Wie lange wird der Zugriff voraussichtlich dauern (z. B. „2 Stunden“, „halber Tag“)?", en: "How long will the access take (e.g. \"2 hours\", \"half a day\")?"}
	txtVendorAskAdmin      = text{de: "Braucht der Hersteller dafür Administratorrechte? Wenn ja, bitte mit Begründung. Herstellerkonten haben nach unserer Verfahrensanweisung keine Adminrechte, außer es ist unbedingt nötig.", en: "Does the vendor need administrator rights for this? If so, please say why. Under our procedure vendor accounts have no admin rights unless absolutely necessary."}
	txtVendorAskReason     = text{de: "Warum sind Administratorrechte unbedingt nötig? Unsere Mitarbeiter prüfen die Begründung vor der Freigabe.", en: "Why are administrator rights absolutely necessary? Our staff check the justification before approving."}
	txtVendorAskWhen       = text{de: "Wann würde es passen? Nennen Sie gern Wunschtermine (z. B. „am 15.12. von 9 bis 12 Uhr“, „nächsten Dienstag vormittags“) oder einen regelmäßigen Termin (z. B. „jeden ersten Dienstag im Monat 9–11 Uhr“).", en: "When would suit you? Name preferred dates (e.g. \"on 15 Dec from 9 to 12\", \"next Tuesday morning\") or a recurring window (e.g. \"every first Tuesday of the month 9-11am\")."}
	txtVendorWhenUnclear   = text{de: "Diese Zeitangabe habe ich nicht verstanden. Bitte nennen Sie einen Tag und eine Uhrzeit, z. B. „am 15.12. von 9 bis 12 Uhr“.", en: "I did not understand that time. Please name a day and a time, e.g. \"on 15 Dec from 9 to 12\"."}
	txtVendorDurationBad   = text{de: "Diese Dauer habe ich nicht verstanden. Bitte z. B. „2 Stunden“ oder „90 Minuten“.", en: "I did not understand that duration. Please write e.g. \"2 hours\" or \"90 minutes\"."}
	txtVendorAskVendorMail = text{de: "An welche E-Mail-Adresse des Herstellers (Ansprechpartner) soll die Terminbestätigung gehen?", en: "Which e-mail address of the vendor's contact should get the confirmation?"}
	txtVendorAskClientMail = text{de: "Und an welche E-Mail-Adresse bei Ihnen?", en: "And which e-mail address on your side?"}
	txtVendorMailBad       = text{de: "„%s“ ist keine gültige E-Mail-Adresse.", en: "\"%s\" is not a valid e-mail address."}
	txtVendorMailWhich     = text{de: "Ist %s die Adresse des Herstellers oder Ihre eigene? (Hersteller/ich)", en: "Is %s the vendor's address or your own? (vendor/mine)"}

	txtVendorWorkstationHelp = text{de: "Programmhilfe des Herstellers für Ihre Anwender am Arbeitsplatz ist von unserer Verfahrensanweisung nicht betroffen: Dafür brauchen Sie keinen Termin bei uns, der Hersteller kann wie gewohnt helfen. Nur Zugriffe auf Server planen wir mindestens %d Tage im Voraus.\nQuelle: Verfahrensanweisung für Softwarehersteller, Abschnitt „Programmhilfe für Anwender“", en: "Program help by the vendor for your end users on their workstations is not affected by our procedure: no appointment with us is needed, the vendor can help as usual. Only access to servers is scheduled at least %d days ahead.\nSource: SOP for line-of-business vendors, section \"Program help for end users\""}
	txtVendorUrgent          = text{de: "Einen Herstellerzugriff auf Server noch heute oder sofort kann ich leider nicht einplanen: Nach unserer Verfahrensanweisung wird er mindestens %d Tage im Voraus geplant, damit wir ihn koordinieren und begleiten können. Der früheste mögliche Termin wäre %s.", en: "I'm afraid I cannot schedule vendor access to a server today or right away: under our procedure it is scheduled at least %d days ahead so that we can coordinate and supervise it. The earliest possible slot would be %s."}
	txtVendorUrgentOutage    = text{de: "Bei einem echten Ausfall rufen wir Sie gern sofort zurück: Schreiben Sie „Rückruf“.", en: "For a real outage we'll gladly call you back right away: write \"callback\"."}

	txtVendorViolLead     = text{de: "%s ist zu früh: Herstellerzugriffe werden mindestens %d Tage im Voraus geplant (frühestens ab %s).", en: "%s is too early: vendor access is scheduled at least %d days ahead (from %s on)."}
	txtVendorViolPast     = text{de: "%s liegt in der Vergangenheit.", en: "%s is in the past."}
	txtVendorViolHours    = text{de: "%s liegt außerhalb der Zeiten, in denen wir Herstellerarbeiten begleiten (%s); Herstellerkonten sind nur dann freigeschaltet.", en: "%s is outside the hours in which we supervise vendor work (%s); vendor accounts are only enabled then."}
	txtVendorViolClosed   = text{de: "%s fällt auf einen Tag, an dem wir Herstellerarbeiten nicht begleiten (%s).", en: "%s falls on a day on which we do not supervise vendor work (%s)."}
	txtVendorViolHoliday  = text{de: "%s fällt auf einen Feiertag (%s).", en: "%s falls on a public holiday (%s)."}
	txtVendorViolOverlap  = text{de: "%s überschneidet sich mit einem anderen Herstellertermin auf diesem System.", en: "%s overlaps another vendor window on this system."}
	txtVendorViolTooLong  = text{de: "Ein Herstellerzugriff dauert höchstens %s am Stück; längere Arbeiten teilen wir auf mehrere Termine auf.", en: "A vendor window lasts at most %s; longer work is split over several appointments."}
	txtVendorViolTooShort = text{de: "Ein Herstellerzugriff dauert mindestens %s.", en: "A vendor window lasts at least %s."}
	txtVendorViolInvalid  = text{de: "%s endet, bevor es beginnt.", en: "%s ends before it begins."}

	txtVendorProposals   = text{de: "Diese Termine kann ich anbieten:\n%s\nBitte antworten Sie mit der Nummer oder nennen Sie eine andere Zeit.", en: "I can offer these slots:\n%s\nPlease reply with the number or name another time."}
	txtVendorNoProposals = text{de: "In den nächsten Wochen finde ich leider keinen freien Termin dieser Länge. Bitte nennen Sie einen späteren Zeitraum, oder schreiben Sie „Rückruf“.", en: "I'm afraid I find no free slot of that length in the coming weeks. Please name a later period, or write \"callback\"."}
	txtVendorPickUnclear = text{de: "Bitte antworten Sie mit 1, 2 oder 3, oder nennen Sie eine andere Zeit.", en: "Please reply with 1, 2 or 3, or name another time."}
	txtVendorSlotGone    = text{de: "Dieser Termin wurde gerade anderweitig vergeben.", en: "That slot has just been taken."}
	txtVendorHeld        = text{de: "Ich habe %s für %s auf %s vorgemerkt (Nr. %s). Niemand sonst kann diesen Termin jetzt buchen. Er wird verbindlich, sobald unsere Mitarbeiter ihn freigegeben haben; dann erhalten Sie und der Hersteller eine Bestätigung per E-Mail mit Kalendereinladung.", en: "I have held %s for %s on %s (no. %s). No one else can book it now. It becomes binding once our staff approve it; then you and the vendor get a confirmation by e-mail with a calendar invitation."}
	txtVendorCancelled   = text{de: "In Ordnung, ich plane keinen Termin.", en: "All right, I won't schedule anything."}

	txtVendorRecurSummary = text{de: "Regelmäßiger Termin: %s – %d Termine, der erste am %s.%s\nSoll ich die Serie so zur Freigabe vormerken? (ja/nein)", en: "Recurring window: %s – %d occurrences, the first on %s.%s\nShall I hold the series like this for approval? (yes/no)"}
	txtVendorRecurSkipped = text{de: " Ausgenommen (Feiertage, andere Herstellertermine oder zu kurzfristig): %s.", en: " Left out (public holidays, other vendor windows or too soon): %s."}
	txtVendorRecurBad     = text{de: "Diese Serie kann ich so nicht einplanen: %s", en: "I cannot schedule this series like that: %s"}
	txtVendorRecurNone    = text{de: "In den nächsten zwölf Monaten bliebe von dieser Serie kein erlaubter Termin übrig.", en: "No allowed occurrence of this series would remain in the next twelve months."}
	txtVendorYesNo        = text{de: "Bitte antworten Sie mit ja oder nein.", en: "Please answer yes or no."}

	txtVendorStaffNew      = text{de: "🗓 Neuer Herstellertermin %s zur Freigabe\nHersteller: %s\nSystem: %s\nZweck: %s\nZeit: %s\nAdminrechte: %s\nKonto: %s\nE-Mail Hersteller: %s · Kunde: %s\nAngefragt von: %s (%s)\nMit ✅ genehmigen, mit ❌ ablehnen.", en: "🗓 New vendor appointment %s for approval\nVendor: %s\nSystem: %s\nPurpose: %s\nTime: %s\nAdmin rights: %s\nAccount: %s\nE-mail vendor: %s · client: %s\nRequested by: %s (%s)\nReact ✅ to approve, ❌ to reject."}
	txtVendorAdminNo       = text{de: "nein", en: "no"}
	txtVendorAdminYes      = text{de: "JA – Begründung: %s (mit ✅ wird sie akzeptiert; „ohne Admin genehmigen“ gibt den Termin ohne Adminrechte frei)", en: "YES – justification: %s (✅ accepts it; \"approve without admin\" approves without admin rights)"}
	txtVendorApprovedBy    = text{de: "✅ %s wurde von %s genehmigt%s.", en: "✅ %s was approved by %s%s."}
	txtVendorRejectedBy    = text{de: "❌ %s wurde von %s abgelehnt.", en: "❌ %s was rejected by %s."}
	txtVendorWithAdmin     = text{de: " (mit Adminrechten)", en: " (with admin rights)"}
	txtVendorNoAdmin       = text{de: " (ohne Adminrechte)", en: " (without admin rights)"}
	txtVendorAlready       = text{de: "%s ist bereits entschieden (%s).", en: "%s has already been decided (%s)."}
	txtVendorGoneStaff     = text{de: "%s lässt sich nicht mehr genehmigen: Der Zeitraum überschneidet sich inzwischen mit einem anderen Herstellertermin.", en: "%s can no longer be approved: its time now overlaps another vendor window."}
	txtVendorStaffOnly     = text{de: "Termine genehmigen oder ablehnen können nur Mitarbeiter des Dienstleisters.", en: "Only the provider's staff can approve or reject appointments."}
	txtVendorClientOK      = text{de: "✅ Ihr Herstellertermin %s (%s, %s auf %s) ist genehmigt. Das Konto des Herstellers wird zu Beginn freigeschaltet und am Ende wieder gesperrt.%s", en: "✅ Your vendor appointment %s (%s, %s on %s) is approved. The vendor's account is enabled at the start and disabled again at the end.%s"}
	txtVendorClientMail    = text{de: " Die Bestätigung mit Kalendereinladung ging an %s.", en: " The confirmation with a calendar invitation went to %s."}
	txtVendorClientNoMl    = text{de: " Die E-Mail-Bestätigung konnte nicht versandt werden; unsere Mitarbeiter sind informiert.", en: " The e-mail confirmation could not be sent; our staff have been told."}
	txtVendorClientNo      = text{de: "❌ Ihr Herstellertermin %s (%s, %s) wurde leider nicht genehmigt. Gern schlage ich andere Termine vor: Schreiben Sie „Herstellertermin“, oder bitten Sie um einen Rückruf.", en: "❌ I'm sorry, your vendor appointment %s (%s, %s) was not approved. I'll gladly propose other slots: write \"vendor appointment\", or ask for a callback."}
	txtVendorCancelDone    = text{de: "Der Herstellertermin %s ist abgesagt.%s", en: "Vendor appointment %s is cancelled.%s"}
	txtVendorOccCancel     = text{de: "Der Termin am %s der Serie %s ist abgesagt; die übrigen bleiben bestehen.%s", en: "The occurrence on %s of series %s is cancelled; the others remain.%s"}
	txtVendorMailCancel    = text{de: " Hersteller und Sie erhalten eine Absage per E-Mail.", en: " The vendor and you get a cancellation by e-mail."}
	txtVendorNotFound      = text{de: "Einen Herstellertermin %s finde ich bei Ihnen nicht.", en: "I cannot find a vendor appointment %s of yours."}
	txtVendorWhichCancel   = text{de: "Welchen Termin soll ich absagen? Bitte nennen Sie die Nummer (z. B. VA-26-0007).", en: "Which appointment shall I cancel? Please give its number (e.g. VA-26-0007)."}
	txtVendorListNone      = text{de: "Ich finde keine Herstellertermine von Ihnen.", en: "I find no vendor appointments of yours."}
	txtVendorList          = text{de: "Ihre Herstellertermine:\n%s", en: "Your vendor appointments:\n%s"}
	txtVendorListLine      = text{de: "• %s: %s, %s auf %s – %s", en: "• %s: %s, %s on %s – %s"}
	txtVendorOccGone       = text{de: "An diesem Tag hat die Serie %s keinen Termin (mehr); abgesagt habe ich nichts. Um die ganze Serie abzusagen, schreiben Sie „Termin … komplett absagen“ ohne Datum.", en: "Series %s has no (remaining) window on that day; I have cancelled nothing. To cancel the whole series, write \"cancel appointment …\" without a date."}
	txtVendorStaffMailFail = text{de: "⚠️ Die E-Mail zu %s konnte nicht versandt werden: %s", en: "⚠️ The e-mail for %s could not be sent: %s"}

	txtVendorStatePending   = text{de: "wartet auf Freigabe", en: "waiting for approval"}
	txtVendorStateApproved  = text{de: "genehmigt", en: "approved"}
	txtVendorStateRejected  = text{de: "abgelehnt", en: "rejected"}
	txtVendorStateCancelled = text{de: "abgesagt", en: "cancelled"}

	txtBtnApprove        = text{de: "Genehmigen", en: "Approve"}
	txtBtnApproveNoAdmin = text{de: "Ohne Admin genehmigen", en: "Approve without admin"}
	txtBtnReject         = text{de: "Ablehnen", en: "Reject"}

	txtStaffReminder   = text{de: "⏰ Morgen: Herstellertermin %s – %s auf %s, %s (%s). Konto %s wird zu Beginn freigeschaltet.", en: "⏰ Tomorrow: vendor appointment %s – %s on %s, %s (%s). Account %s is enabled at the start."}
	txtStaffEnabled    = text{de: "🔓 Konto %s für %s auf %s freigeschaltet (bis %s).", en: "🔓 Account %s enabled for %s on %s (until %s)."}
	txtStaffDisabled   = text{de: "🔒 Konto %s nach dem Termin %s wieder gesperrt.", en: "🔒 Account %s disabled again after appointment %s."}
	txtStaffEnableFail = text{de: "⚠️ Konto %s für %s konnte nicht freigeschaltet werden: %s", en: "⚠️ Account %s for %s could not be enabled: %s"}
	txtStaffAlarm      = text{de: "🚨 ALARM: Konto %s (%s auf %s) konnte nach Ende des Zeitfensters nicht gesperrt werden (%d Versuche, zuletzt: %s). Bitte sofort von Hand sperren; ich versuche es weiter.", en: "🚨 ALARM: account %s (%s on %s) could not be disabled after its window ended (%d attempts, last: %s). Please disable it by hand now; I keep trying."}
)
