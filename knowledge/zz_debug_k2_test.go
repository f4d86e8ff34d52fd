package knowledge

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"testing"
)

var zzNames = strings.Fields("cCoverQ cResponsible cMaint cCallback cCall cMe cReach cContactInfo cPhoneNum cStatus cWaiting cTicket cHuman cTalk cNoBot cRemoteTool cRemote cConnect cScreen cProtocol cSign cVendor cVendorAccess cAccess cSchedule cDate cWhy cAdmin cDisabled cAccount cWritten cOral cLeadTime cAnytime cLicence cOwn cProgramHelp cPermit cConfidential cEthics cGreet cThanks cBye cHowAreYou cInject cInjectVerb cInjectObj cOwnRef cOtherClients cCompany cSecret cGive cOffTopic cData cHWPart cHardware cDevice cDefect cFailed cHWSymptom cReplace cWarranty cRestore cLost cDataRecovery cNew cSetup cIntroduce cMigrate cMove cSite cTraining cConcept cExpand cUpgrade cSpecialSrv cDatabase cOnlineBackup cLOB cUnlicensed cUnsupported cUpdate cAV cNetDev cISP cOS cOffice cOfficeWeak cBackupSW cSymptom cMonitoring cConfig cOutage cSoftware cProjectWord cNewThing cRequest cBug cCopy cExpired cCracked cThirdParty cHowTo cRuleQ cOffsite cOtherFirm cTrade cCert cRemoteVerb cDubious cNamedFirm ")

func zzSet(s cset) string {
	var out []string
	for k := concept(0); k < numConcepts; k++ {
		if s.has(k) {
			out = append(out, zzNames[k])
		}
	}
	return strings.Join(out, ",")
}

func TestZZDebug(t *testing.T) {
	path := os.Getenv("ZZ")
	if path == "" {
		t.Skip()
	}
	c := testClassifier()
	f, _ := os.Open(path)
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		text := sc.Text()
		d := c.analyse(text, "", false)
		fmt.Println("==", text)
		for _, tk := range d.toks {
			fmt.Printf("  %s/%s[%d]{%s}", tk.surf, tk.stem, tk.seg, zzSet(tk.cs))
		}
		fmt.Println()
		for i, s := range d.segs {
			fmt.Printf("  seg%d: %s\n", i, zzSet(s))
		}
		var vs []string
		for v := range Verdicts {
			vs = append(vs, fmt.Sprintf("%s=%.1f", Verdicts[v], scoreRules(c.verdictRules[v], d.all)))
		}
		var is []string
		for i := range Intents {
			is = append(is, fmt.Sprintf("%s=%.1f", Intents[i], scoreRules(c.intentRules[i], d.all)))
		}
		r := c.Classify(text)
		fmt.Println("  V:", strings.Join(vs, " "))
		fmt.Println("  I:", strings.Join(is, " "))
		fmt.Printf("  => %s/%s %.2f\n", r.Intent, r.Verdict, r.Confidence)
	}
}
