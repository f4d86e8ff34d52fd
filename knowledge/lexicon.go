package knowledge

// concept is a unit of meaning found in a message: a word family or phrase in either language,
// written from the provider's documents and from how clients talk about their IT.
type concept uint8

const (
	// Intent-side concepts.
	cCoverQ       concept = iota // is it covered / included / extra cost / in the contract
	cResponsible                 // who is responsible / your job or the vendor's
	cMaint                       // maintain, look after, betreuen, pflegen
	cCallback                    // Rückruf, call back
	cCall                        // anrufen, call, phone, ring
	cMe                          // mich, me, us
	cReach                       // erreichen, contact, get in touch
	cContactInfo                 // phone number, e-mail address, opening hours
	cPhoneNum                    // a phone number in the message
	cStatus                      // status, Stand, any news, was ist mit
	cWaiting                     // still waiting, immer noch
	cTicket                      // ticket, Anfrage, request
	cHuman                       // person, Mensch, Mitarbeiter, agent
	cTalk                        // sprechen, talk, speak, connect me
	cNoBot                       // no bot, keinen Bot
	cRemoteTool                  // TeamViewer, QuickSupport, Fernwartung
	cRemote                      // remote, aus der Ferne
	cConnect                     // connect, verbinden, aufschalten, take over
	cScreen                      // screen, Bildschirm (in a remote context), my computer
	cProtocol                    // Protokoll, minutes
	cSign                        // sign, unterschreiben
	cVendor                      // Hersteller, vendor, supplier
	cVendorAccess                // Herstellerzugang, vendor access
	cAccess                      // Zugriff, access, log in
	cSchedule                    // Termin, schedule, book, verschieben, absagen
	cDate                        // weekday, date, next week
	cWhy                         // warum, why, reason
	cAdmin                       // admin rights
	cDisabled                    // deaktiviert, disabled
	cAccount                     // Konto, account
	cWritten                     // schriftlich, written
	cOral                        // mündlich, verbal
	cLeadTime                    // 7 Tage, lead time, in advance
	cAnytime                     // jederzeit, anytime, without appointment
	cLicence                     // Lizenz, licence
	cOwn                         // wem gehören, who owns, responsible for
	cProgramHelp                 // Programm-Hilfe, how-to questions, hotline
	cPermit                      // darf, allowed, may
	cConfidential                // vertraulich, Datenschutz
	cEthics                      // Kodex, conflict of interest, advice not followed
	cGreet                       // hallo, hello
	cThanks                      // danke, thanks
	cBye                         // tschüss, bye
	cHowAreYou                   // wie geht's, how are you
	cInject                      // ignore previous instructions, system prompt
	cInjectVerb                  // ignore, vergiss, disregard
	cInjectObj                   // instructions, prompt, rules
	cOwnRef                      // mein, unser, my, our
	cOtherClients                // other customers, andere Kunden
	cCompany                     // GmbH, Ltd
	cSecret                      // password, credentials
	cGive                        // give, show, tell, reveal
	cOffTopic                    // weather, recipe, football
	cData                        // Daten, files (also a verdict concept)
	// Verdict-side concepts.
	cHWPart       // Festplatte, fan, monitor
	cHardware     // the word hardware
	cDevice       // server, PC, laptop, phone
	cDefect       // kaputt, broken, defekt
	cFailed       // failed, died, ausgefallen (hardware only with a part)
	cHWSymptom    // clicking, smoke, beeping, SMART
	cReplace      // austauschen, replace, repair
	cWarranty     // Garantie, warranty, RMA
	cRestore      // wiederherstellen, restore, recover
	cLost         // gelöscht, deleted, lost, overwritten
	cDataRecovery // Datenrettung, data recovery
	cNew          // neu, new
	cSetup        // einrichten, install, set up
	cIntroduce    // einführen, rollout
	cMigrate      // Migration, umstellen
	cMove         // Umzug, move
	cSite         // Standort, Filiale, branch office
	cTraining     // Schulung, training
	cConcept      // Konzept, concept
	cExpand       // erweitern, expand
	cUpgrade      // upgrade
	cSpecialSrv   // Exchange, SQL
	cDatabase     // Datenbank, database
	cOnlineBackup // Online-Backup, cloud backup
	cLOB          // Branchensoftware, ERP, DATEV
	cUnlicensed   // ohne Lizenz, pirated
	cUnsupported  // Windows XP, end of life
	cUpdate       // Update, Patch
	cAV           // Virenscanner, antivirus
	cNetDev       // Firewall, Router, Switch
	cISP          // Provider, Internet line
	cOS           // Betriebssystem, Windows, driver
	cOffice       // Microsoft Office, Outlook, Excel
	cOfficeWeak   // office, word, teams (ambiguous words)
	cBackupSW     // Backup, Datensicherung
	cSymptom      // langsam, hängt, error, not working
	cMonitoring   // Überwachung, monitoring, logs
	cConfig       // Konfiguration, settings
	cOutage       // Ausfall, normal operation
	cSoftware     // Software, Programm, App
	cProjectWord  // Projekt
	cNewThing     // "new" right before a device, system or site (derived, not in the lexicon)
	cRequest      // bitte, gerne, need, would like
	numConcepts
)

// cset is a set of concepts.
type cset [2]uint64

func (s *cset) add(c concept)     { s[c>>6] |= 1 << (c & 63) }
func (s cset) has(c concept) bool { return s[c>>6]&(1<<(c&63)) != 0 }
func (s *cset) or(o cset)         { s[0] |= o[0]; s[1] |= o[1] }
func (s cset) empty() bool        { return s[0]|s[1] == 0 }

// lexicon lists the words and phrases of each concept, German and English mixed, "|"-separated.
// Terms are normalised like messages; a single word also matches by its Snowball stem in either
// language, unless it starts with "=" (exact word only). Phrases match word by word.
var lexicon = []struct {
	c     concept
	terms string
}{
	{cCoverQ, `abgedeckt|abdecken|deckt|gedeckt|inklusive|inkl|inbegriffen|enthalten|drin|vertrag|vertrags|wartungsvertrag|servicevertrag|managed service|managed services|pauschale|pauschalpreis|monatspauschale|extra kosten|kostet extra|kostet das|kosten|zusatzkosten|aufpreis|berechnet|berechnen|in rechnung|kostenlos|umsonst|gratis|gehoert zum|gehoert das|faellt unter|fallen unter|im rahmen|sla|covered|cover|covers|included|include|includes|inclusive|contract|agreement|monthly fee|flat fee|extra charge|extra cost|charged|charge|billed|bill|free of charge|for free|part of|under the|plan|deal|subscription|pay for|paid|zahlt|zahlen|bezahlen|uebernehmt|uebernehmen|uebernimmt|support|service|leistung|leistungsumfang`},
	{cResponsible, `zustaendig|zustaendigkeit|verantwortlich|wer kuemmert|kuemmert|kuemmern|wer macht|macht ihr|machen sie|responsible|your job|who handles|who does|do you handle|handle|oder der hersteller|or the vendor|vendors job|vendor s`},
	{cMaint, `wartung|warten|wartet|pflege|pflegen|gepflegt|betreuung|betreuen|betreut|maintain|maintained|maintenance|look after|looked after|take care|care of|keep up`},
	{cCallback, `rueckruf|rueckrufe|rueckrufen|zurueckrufen|zurueckruf|ruft zurueck|ruf zurueck|rufen zurueck|rufen sie mich|ruft mich|ruf mich|rueckrufservice|rueckrufwunsch|callback|call back|callbacks|call me back|ring me back|ring back|give me a call|called back|call me|ring me|phone me`},
	{cCall, `anrufen|anruf|telefonisch|telefonieren|telefon|melden|call|ring|phone|telefonat|dial|waehlen|anrufen lassen`},
	{cMe, `mich|mir|uns|me|us|myself`},
	{cReach, `erreichen|erreiche|erreichbar|kontakt|kontaktieren|kontaktaufnahme|get in touch|reach|contact|zu erreichen`},
	{cContactInfo, `telefonnummer|nummer|rufnummer|hotline|servicenummer|email adresse|e mail adresse|mailadresse|adresse|anschrift|oeffnungszeiten|geschaeftszeiten|phone number|number|email address|e mail address|address|opening hours|business hours|office hours|kontaktdaten|contact details`},
	{cStatus, `status|stand|sachstand|neuigkeiten|was neues|etwas neues|neues zu|was ist mit|wie weit|bearbeitet|bearbeitung|schon jemand|any news|news|update on|any update|whats happening|what happened|where is|picked up|progress|how far|handled|what about|was ist da los|geworden|schon eingeplant|eingeplant|already scheduled|yet|worked on|being worked on|bearbeitet ihr|look at my|looked at`},
	{cWaiting, `warte|warten immer|immer noch|noch keine|noch nicht|still waiting|still havent|havent heard|no answer|keine antwort|waiting|still`},
	{cTicket, `ticket|tickets|anfrage|anfragen|meldung|vorgang|fall|supportanfrage|stoerungsmeldung|request|requests|case|issue number|ticketnummer|auftrag|rueckrufwunsch`},
	{cHuman, `mensch|menschen|person|echte person|mitarbeiter|mitarbeiterin|techniker|kollege|kollegin|jemand|jemandem|sachbearbeiter|ansprechpartner|human|real person|someone|somebody|agent|staff member|technician|colleague|representative|live agent|operator`},
	{cTalk, `sprechen|reden|chatten|schreiben mit|verbinden|verbinde|durchstellen|weiterleiten|talk|speak|chat with|connect me|put me through|transfer|transfer me|mit einem`},
	{cNoBot, `keinen bot|kein bot|nicht mit dem bot|statt bot|no bot|not a bot|stop the bot|not the bot|instead of the bot|kein roboter|no robot|keine maschine`},
	{cRemoteTool, `teamviewer|team viewer|quicksupport|quick support|fernwartung|fernwartungstool|fernwartungsprogramm|fernwartungssitzung|fernwartungssoftware|fernsteuerung|fernhilfe|anydesk|aufschalten|draufschalten|remote session|remote support|remote tool|remote sitzung|remote into|remote in|remotely|bildschirmfreigabe|screen share|screen sharing|remote desktop session`},
	{cRemote, `remote|fern|aus der ferne|ferne`},
	{cConnect, `connect|verbinden|aufschalten|schalten|draufschauen|einloggen|take over|look at|have a look|anschauen|draufschalten`},
	{cScreen, `bildschirm|screen|rechner|computer|my pc|meinen pc|my computer|meinen rechner|my machine|my laptop`},
	{cProtocol, `protokoll|protokolle|gespraechsprotokoll|besprechungsprotokoll|meetingprotokoll|protocol|protocols|=minutes|meeting notes|niederschrift|gespraechsnotiz|unterschriftenliste`},
	{cSign, `unterschreiben|unterschrift|unterschrieben|unterzeichnen|signieren|sign|signed|signature|signatures|gegenzeichnen`},
	{cVendor, `hersteller|herstellers|softwarehersteller|anbieter|softwareanbieter|lieferant|softwarelieferant|vendor|vendors|supplier|software vendor|software supplier|software company|softwarefirma|softwarehaus|dienstleister des herstellers|erp anbieter`},
	{cVendorAccess, `herstellerzugang|herstellerzugriff|herstellertermin|herstellerkonto|herstelleraccount|herstellerzugaenge|herstellerzugriffe|vendor access|vendor session|vendor appointment|vendor account|vendor login|vendor slot|vendor window|vendor maintenance`},
	{cAccess, `zugriff|zugang|fernzugriff|fernzugang|freischalten|freigeben|einloggen|anmelden|auf den server|aufschalten|access|log in|login|log into|logon|remote access|onto the server|on the server|on our server|enable access|connect to|auf den datenbankserver|an den server|to the server|drauf|zugreifen|zugriffe|rein`},
	{cSchedule, `termin|termine|terminieren|einplanen|planen|eintragen|buchen|vereinbaren|verschieben|verlegen|absagen|stornieren|wartungsfenster|wartungstermin|zeitfenster|slot|schedule|scheduled|book|booking|appointment|reschedule|cancel|postpone|maintenance window|window|bitte termin`},
	{cDate, `montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|naechste woche|naechsten monat|naechsten|uebermorgen|morgen|monday|tuesday|wednesday|thursday|friday|saturday|sunday|next week|next month|tomorrow|uhr|am|pm|januar|februar|maerz|april|mai|juni|juli|august|september|oktober|november|dezember|january|february|march|june|july|october|december|in zwei wochen|in two weeks`},
	{cWhy, `warum|wieso|weshalb|wozu|weswegen|aus welchem grund|grund|begruendung|why|how come|reason|whats the point|what for|sinn`},
	{cAdmin, `admin|adminrechte|administratorrechte|administrator|administrative|adminzugang|admin rights|admin access|administrator rights|privileges|domain admin|vollzugriff|volle rechte|full rights|full access|rechte|berechtigungen|berechtigung|permissions`},
	{cDisabled, `deaktiviert|deaktivieren|gesperrt|abgeschaltet|ausgeschaltet|inaktiv|disabled|deactivated|switched off|turned off|locked|off by default`},
	{cAccount, `konto|konten|account|accounts|benutzerkonto|login|zugangskonto`},
	{cWritten, `schriftlich|schriftform|in writing|written|writing|schriftlich festhalten|aufzeichnen|aufgezeichnet|recorded|record`},
	{cOral, `muendlich|muendliche|verbal|oral|handshake|per telefon abgesprochen|phone agreement|telefonat reicht`},
	{cLeadTime, `7 tage|sieben tage|eine woche vorher|woche vorher|woche im voraus|vorlauf|vorlaufzeit|im voraus|vorher anmelden|vorab|7 days|seven days|lead time|in advance|ahead|notice|days ahead|a week before|a week ahead`},
	{cAnytime, `jederzeit|ohne termin|spontan|kurzfristig|sofort|whenever|anytime|any time|at any time|without an appointment|short notice|right away|einfach so`},
	{cLicence, `lizenz|lizenzen|lizenzierung|lizenziert|produktschluessel|produktkey|lizenzschluessel|licence|licences|license|licenses|licensing|licensed|product key|product keys|serial key`},
	{cOwn, `gehoeren|gehoert|besitzt|eigentuemer|wem|wer muss|wer kauft|kaufen|verantwortlich|own|owns|owner|who buys|buy|responsible for|who keeps|keeps|bei wem`},
	{cProgramHelp, `programmhilfe|programm hilfe|anwenderhilfe|anwendersupport|endanwender|bedienung|bedienungsfragen|bedienfragen|anwenderfragen|hotline des herstellers|how to questions|how to|usage questions|end user support|end users|user helpdesk|use the program|bedienen`},
	{cPermit, `darf|duerfen|erlaubt|allowed|may|permitted|is it ok`},
	{cConfidential, `vertraulich|vertraulichkeit|datenschutz|dsgvo|gdpr|confidential|confidentiality|privacy|weitergeben|weitergegeben|pass on|share our data|discretion`},
	{cEthics, `kodex|ethik|ethikkodex|verhaltenskodex|interessenkonflikt|interessenskonflikt|conflict of interest|provision|provisionen|commission|bestechung|bribe|neutral|empfehlung nicht|ignore your recommendation|ignore your advice|risiken|risks|ehrlich|honest|mspalliance|mspa|code of conduct|code of ethics`},
	{cGreet, `hallo|hallihallo|hi|hey|moin|moinsen|servus|gruess gott|guten morgen|guten tag|guten abend|hello|good morning|good afternoon|good evening|greetings|howdy|hej|huhu|na`},
	{cThanks, `danke|dankeschoen|vielen dank|besten dank|merci|thanks|thank you|thx|ty|cheers|thank|many thanks|appreciate it|super danke`},
	{cBye, `tschuess|tschau|ciao|bye|goodbye|auf wiedersehen|bis dann|bis bald|bis spaeter|schoenen tag|schoenes wochenende|see you|have a nice day|have a good day|take care|later`},
	{cHowAreYou, `wie gehts|wie geht es|wie gehts dir|how are you|hows it going|whats up`},
	{cInject, `systemprompt|system prompt|jailbreak|developer mode|entwicklermodus|du bist jetzt|you are now|act as|pretend to be|pretend you|tu so als|=dan|initial prompt|your prompt|deinen prompt|dein prompt|previous instructions|prior instructions|bisherigen anweisungen|vorherigen anweisungen|deine anweisungen|your instructions|no rules|keine regeln|deine regeln|your rules|hidden instructions|internal instructions|interne anweisungen|hidden configuration|you were given|were you given|dir gegeben|deine konfiguration|your hidden|versteckte anweisungen|vergiss alles|forget everything|was man dir gesagt hat|what you were told`},
	{cInjectVerb, `ignoriere|ignorier|ignorieren|vergiss|vergesse|ignore|disregard|forget|override|umgehen|bypass|verrate|reveal`},
	{cInjectObj, `anweisungen|instructions|prompt|regeln|rules|vorgaben|guidelines|richtlinien|konfiguration|configuration|secrets|geheimnisse`},
	{cOwnRef, `mein|meine|meinem|meinen|meiner|unser|unsere|unserem|unseren|unserer|my|our|wir|ich|we`},
	{cOtherClients, `andere kunden|anderer kunden|anderen kunden|andere klienten|anderen klienten|andere firmen|anderer firmen|anderen firmen|fremde daten|other customers|other clients|other client|other customer|another customer|another client|another company|other companies|all customers|all clients|alle kunden|alle klienten|kundenliste|customer list|client list|kundenserver|your customers|eure kunden|ihre kunden|deine kunden|welcher kunde|welche kunden|welchem kunden|which customer|which client|which clients|which customers|other firms|andere betriebe|your clients|eure klienten|ihre klienten|your other clients|kunden von euch`},
	{cCompany, `=gmbh|=ltd|=inc|=ag|=kg|=ohg|=llc|=corp|firma|company|firms|betrieb`},
	{cSecret, `passwort|passwoerter|kennwort|zugangsdaten|credentials|password|passwords|secret|secrets|geheimnis|geheimnisse|api key|token|admin passwort`},
	{cGive, `gib|gebt|zeig|zeige|zeigen|verrate|verraten|nenn|nenne|schick|sag|sagen|list|liste|give|show|tell|reveal|send|print|dump|display`},
	{cOffTopic, `wetter|weather|rezept|recipe|kochen|cook|witz|joke|gedicht|poem|lied|song|fussball|football|soccer|bundesliga|fussballspiel|football match|hauptstadt|capital|pizza|restaurant|film|movie|serie|kanzler|bundeskanzler|praesident|president|geschichte|story|horoskop|horoscope|hausaufgaben|homework|aktie|aktien|stock price|bitcoin|urlaub|vacation|hotel|flug|flight|lotto|pfannkuchen|pancake|pancakes|kuchen|cake|uhrzeit|wie spaet|what time|sport|wahl|election|politik|politics|liebe|love|dating|philosophie|sinn des lebens|meaning of life|essen|mittagessen|lunch|dinner|gewonnen|won|essay|aufsatz|referat|doener|kebab`},
	{cData, `daten|datei|dateien|ordner|dokument|dokumente|mails|e mails|emails|email|mail|fotos|bilder|data|file|files|folder|folders|document|documents|pdf|pdfs|photos|inbox|postfach|excel datei|version|report|bericht|tabelle|spreadsheet|praesentation|presentation|verzeichnis|verzeichnisse|directory|projektverzeichnis|quarterly report|kundendaten|kalender|calendar|kontakte|contacts|termine`},
	{cHWPart, `festplatte|festplatten|platte|hdd|ssd|nvme|hard drive|hard disk|harddisk|disk|disks|drive|raid|raid controller|luefter|fan|fans|netzteil|power supply|psu|mainboard|motherboard|hauptplatine|ram|arbeitsspeicher|speicherriegel|memory|=monitor|=monitore|=monitors|bildschirm|display|screen|tastatur|keyboard|maus|mouse|drucker|printer|fixiereinheit|fuser|trommel|toner|akku|battery|batterie|usv|ups|kabel|cable|netzwerkkarte|docking|dockingstation|docking station|webcam|kamera|headset|cpu|prozessor|grafikkarte|graphics card|scanner|beamer|projector|touchpad|trackpad|lautsprecher|speaker|mikrofon|microphone|scharnier|hinge|ladegeraet|charger|ladekabel|gehaeuse|usb stick|stick|buchse|port defekt|taste|tasten|keys|pixel|walze|kopierer|copier|etikettendrucker|label printer|sd karte|sd card|speicherkarte|mainboard|platine|lampe|leuchte`},
	{cHardware, `hardware|hardwareproblem|hardwaredefekt|hardwarefehler|hardware fault|hardware failure|hardware problem|geraet|physisch|physical`},
	{cDevice, `server|fileserver|dateiserver|pc|pcs|rechner|computer|laptop|laptops|notebook|notebooks|desktop|arbeitsplatz|arbeitsplaetze|workstation|workstations|client|clients|smartphone|handy|diensthandy|firmenhandy|tablet|tablets|ipad|iphone|mobile|mobilgeraet|mobilgeraete|phone|nas|terminalserver|thin client|box|machine|maschine`},
	{cDefect, `kaputt|defekt|defekte|beschaedigt|zerbrochen|gebrochen|gesprungen|abgeraucht|durchgebrannt|verschmort|hin|tot|broken|damaged|dead|cracked|shattered|faulty|defective|burnt|burned|fried|spill|spilled|verschuettet|runtergefallen|heruntergefallen|dropped|wasserschaden|water damage|wackelkontakt|loose contact|geht nicht mehr an|wont turn on|doesnt turn on|no power|kein strom|laedt nicht|doesnt charge|not charging|haelt nicht|macht geraeusche|geraeusche|noise|grinding|zu laut|sehr laut|loud|brummt|rattert|flackert|flickers|flickering|streifen|stripes|schaden|schaeden|hardwareschaden|damage|durchgeschmort|geschmort|abgebrannt|hinueber|snapped|gesplittert|splitter|zersplittert|bent|verbogen|nass|wet|blinkt orange|blinkt rot`},
	{cFailed, `failed|failure|fault|fehlgeschlagen|ausgefallen|died|gestorben|abgestorben|reports a failed`},
	{cHWSymptom, `klickt|klicken|clicking|clicks|piept|piepst|piepen|beeping|beeps|raucht|rauch|smoke|smoking|smart|smart fehler|smart error|sektoren|bad sectors|ueberhitzt|overheating|heiss|hot|schwarz bleibt|bleibt schwarz|black screen|dead pixels|stays black|haelt nur|battery life`},
	{cReplace, `austausch|austauschen|tausch|tauschen|getauscht|ersetzen|ersetzt|ersatz|reparieren|repariert|reparatur|neukauf|swap|swapped|replace|replaced|replacement|replacing|repair|repaired|repairs`},
	{cWarranty, `garantie|gewaehrleistung|rma|ersatzteil|ersatzteile|warranty|spare part|spare parts`},
	{cRestore, `wieder her|wiederherzustellen|wiederherstellen|wiederherstellung|wiederhergestellt|zurueckholen|zurueckbekommen|zurueckspielen|retten|rettung|restore|restored|restoring|recover|recovered|recovering|recovery|get back|bring back|undelete|rekonstruieren|rueckgaengig|roll back|rollback|zurueckrollen|zurueckholen|holt zurueck|holen zurueck|retrieve|retrieved|wiederbeschaffen|previous version|vorherige version|fruehere version|alte version|older version`},
	{cLost, `geloescht|geloeschte|geloeschten|loeschen|versehentlich|aus versehen|verloren|weg|verschwunden|ueberschrieben|formatiert|verschluesselt|deleted|removed|lost|gone|missing|vanished|overwritten|formatted|accidentally|by mistake|corrupted|beschaedigte datei|crashed|festplattencrash|overwrote|ueberschrieb|kaputte datei|accidentally deleted|geleert|emptied|wiped|geloescht wurde`},
	{cDataRecovery, `datenwiederherstellung|datenrettung|data recovery|datenverlust|data loss|file recovery|recover data|recover files|daten retten|daten wiederherstellen|restore data|wiederherstellung von daten`},
	{cNew, `neu|neue|neuen|neuer|neues|neuem|new|brand new|additional|zusaetzlich|zusaetzliche|weitere|another|zweite|zweiten|second`},
	{cSetup, `einrichten|eingerichtet|einrichtung|aufsetzen|installieren|installiert|installation|aufbauen|aufbau|ausstatten|ausstattung|bereitstellen|anschaffen|anschaffung|beschaffen|hinstellen|aufstellen|vernetzen|anbinden|set up|setup|setting up|install|installing|build|building|equip|provision|deploy|onboarding|onboard`},
	{cIntroduce, `einfuehren|einfuehrung|rollout|roll out|ausrollen|ausrollung|implementieren|implementierung|introduce|introducing|introduction|implement|implementation|go live|launch`},
	{cMigrate, `migration|migrieren|migriert|umstellen|umstellung|umstieg|umsteigen|wechseln|wechsel|portieren|migrate|migrating|switch to|switching|move to the cloud|in die cloud|to the cloud|transition|cloudloesung|cloud loesung|cloud solution|cloud service|ablösen|abloesen|abloesung|replace with|durch eine`},
	{cMove, `umzug|umziehen|ziehen um|ziehen|umzuziehen|verlegen|verlegung|move|moving|relocate|relocating|relocation|office move|new building|neues gebaeude|neues buero|new office|rechenzentrum|data centre|data center|zieht|umzieht|ziehen um|zieht um`},
	{cSite, `standort|standorte|filiale|zweigstelle|niederlassung|aussenstelle|zweigniederlassung|branch|branch office|new site|second site|new location|site|sites|location|homeoffice plaetze`},
	{cTraining, `schulung|schulungen|schulen|training|trainings|workshop|workshops|einweisung|kurs|course|train|teach|unterweisung|awareness`},
	{cConcept, `konzept|konzepte|sicherheitskonzept|itkonzept|backupkonzept|strategie|strategy|concept|design|blueprint|roadmap|architektur|architecture|konzeption|redesign|neugestaltung|neuaufbau|overhaul|umbau|restructure|restructuring|neu aufbauen|neu planen`},
	{cExpand, `erweitern|erweiterung|ausbauen|ausbau|aufstocken|expand|expansion|extend|scale|weitere arbeitsplaetze|more workstations|neue mitarbeiter|neuen mitarbeiter|neuer mitarbeiter|new employees|new employee|new hires|new hire|new staff|new colleagues|neue kollegen|new starters|azubis|auszubildende|stellen ein|einstellen neue|onboard|onboarding`},
	{cUpgrade, `upgrade|upgraden|hochruesten|windows 11|auf windows 11|neue version|major upgrade`},
	{cSpecialSrv, `exchange|exchangeserver|exchange server|sql|mssql|ms sql|sql server|sqlserver|spezialserver|special server|special servers|mailserver|mail server|sharepoint server|datenbankserver|database server|oracle|mailbox server`},
	{cDatabase, `datenbank|datenbanken|database|databases|db`},
	{cOnlineBackup, `online backup|onlinebackup|online backups|onlinebackups|cloud backup|cloudbackup|cloud backups|offsite backup|off site backup|backup in die cloud|backup in der cloud|backup to the cloud|externes backup|online sicherung|onlinesicherung|cloud sicherung|cloudsicherung|sicherung in die cloud|sicherung in der cloud|exchange online backup|backup in die cloud|cloud sicherung|sicherung in die wolke|backup to cloud`},
	{cLOB, `branchensoftware|branchenloesung|branchenprogramm|fachanwendung|fachanwendungen|fachsoftware|fachprogramm|erp|erp system|erpsystem|datev|warenwirtschaft|warenwirtschaftssystem|wawi|lob|line of business|lob software|lob app|lob application|praxissoftware|praxisverwaltung|kanzleisoftware|buchhaltungssoftware|buchhaltungsprogramm|finanzbuchhaltung|lohnbuchhaltung|lohnabrechnung|lohnsoftware|payroll|accounting software|accounting application|accounting app|accounting program|practice software|practice management|practice management software|crm|sap|lexware|cad|cad software|cad program|arztsoftware|steuersoftware|specialist software|industry software|branchenapp|schnittstelle|kassensystem|kassensoftware|zeiterfassung|zeiterfassungssoftware|laborsoftware|dental software|dental practice software|sap business one|warenwirtschaftsprogramm`},
	{cUnlicensed, `ohne lizenz|keine lizenz|ohne gueltige lizenz|unlizenziert|unlizenzierte|nicht lizenziert|falsch lizenziert|raubkopie|raubkopien|raubkopiert|schwarzkopie|gecrackt|gecrackte|crack|cracked|keygen|pirated|pirate|piracy|unlicensed|without a licence|without a license|without licence|without license|no licence|no license|wrongly licensed|incorrectly licensed|not licensed|illegal|illegale|kopierte version|home lizenz|homelizenz|private lizenz|privaten home lizenz|privatlizenz|home edition|home version|abgelaufene lizenz|expired licence|expired license`},
	{cUnsupported, `windows xp|win xp|xp|vista|windows vista|windows 7|win7|win 7|server 2003|server 2008|windows 2000|end of life|eol|out of support|no longer supported|not supported|unsupported|nicht mehr unterstuetzt|nicht unterstuetzt|keinen support mehr|kein support mehr|vom hersteller nicht|abgekuendigt|keine updates mehr vom hersteller|stopped supporting`},
	{cUpdate, `update|updates|updaten|patch|patches|patchen|gepatcht|patching|patchday|aktualisierung|aktualisierungen|aktualisieren|aktualisiert|sicherheitsupdate|sicherheitsupdates|sicherheitspatches|windows update|windows updates|up to date|aktuell halten|einspielen|eingespielt|updated|release|new release|neues release|neue release|firmware update`},
	{cAV, `virenscanner|virenschutz|antivirus|antivirenprogramm|antivirensoftware|virus|viren|malware|trojaner|trojan|defender|endpoint protection|schadsoftware|ransomware|phishing mail|sophos|eset|kaspersky`},
	{cNetDev, `firewall|router|switch|switche|switches|spamfilter|spam filter|spam|vpn|wlan|wifi|wi fi|access point|access points|accesspoint|netzwerk|network|lan|fritzbox|dns|dhcp|ip adresse|ethernet|port|ports|netzwerkgeraete|network devices|junk`},
	{cISP, `isp|provider|internetprovider|internetanbieter|internet|leitung|internetleitung|wan|dsl|vdsl|glasfaser|fibre|fiber|telekom|vodafone|anschluss|connection|verbindung|line|internet line|uplink|stoerung|gestoert`},
	{cOS, `betriebssystem|operating system|os|windows|windows server|linux|macos|treiber|driver|drivers|druckertreiber|printer driver|active directory|benutzerkonto|user account|anmeldung|login problem|profil|profile|dienst|dienste|gruppenrichtlinie|group policy|server os|client os|zertifikat|zertifikate|certificate|certificates|ssl|speicherplatz|disk space|festplattenplatz|bildschirmsperre|screen lock|popups|pop ups`},
	{cOffice, `microsoft office|ms office|office 365|microsoft 365|m365|o365|office paket|office programme|outlook|excel|powerpoint|onenote|office produkte`},
	{cOfficeWeak, `=office|=word|=teams|onedrive`},
	{cBackupSW, `backup|backups|datensicherung|datensicherungen|sicherung|sicherungen|backupsoftware|backup software|backup job|backupjob|sicherungsjob|veeam|acronis|backup server`},
	{cSymptom, `langsam|lahm|traege|haengt|haengen|aufgehaengt|absturz|abstuerze|stuerzt|abgestuerzt|friert|fehlermeldung|fehler|funktioniert nicht|geht nicht|klappt nicht|spinnt|hakt|startet nicht|problem|probleme|slow|sluggish|hangs|hanging|freezes|freezing|crashes|crashing|error|errors|not working|stopped working|doesnt work|wont start|wont boot|bootet nicht|startet nicht mehr|issue|problems|broken down|bricht ab|dropping|drops|fehlgeschlagen|synchronisiert nicht|sync|rot|red|warning|warnung|meldet`},
	{cMonitoring, `ueberwachung|ueberwachen|ueberwacht|monitoring|monitored|monitor our|log|logs|logfiles|logdateien|log auswertung|ereignisprotokoll|eventlog|event log|alarm|alarme|alerts|alerting`},
	{cConfig, `konfiguration|konfigurieren|konfiguriert|einstellung|einstellungen|einstellen|anpassen|aendern|regel|regeln|configure|configuring|configuration|settings|setting|adjust|tune|change|rule|rules|freigeben|port freigeben|open a port`},
	{cOutage, `ausfall|ausfaelle|ausgefallen|normale operabilitaet|operabilitaet|normaler betrieb|normalbetrieb|outage|outages|downtime|normal operation|operability|geschaeftsbetrieb`},
	{cSoftware, `software|programm|programme|anwendung|applikation|app|application|program|tool|system|systeme|loesung|solution|agent|zertifikat|certificate`},
	{cRequest, `bitte|gerne|gern|haette gerne|haett gern|moechte|wuensche|brauche|need|want|would like|id like|please|pls|request|plz|bitten`},
	{cProjectWord, `projekt|projekte|project|projects|angebot|quote`},
}
