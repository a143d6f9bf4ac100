package narration_test

import (
	"testing"

	"readback/internal/narration"
)

func TestGermanNumbers(t *testing.T) {
	cases := []struct {
		n               int64
		card, ord, year string
	}{
		{0, "null", "nullte", "null"},
		{1, "eins", "erste", "eins"},
		{3, "drei", "dritte", "drei"},
		{7, "sieben", "siebte", "sieben"},
		{16, "sechzehn", "sechzehnte", "sechzehn"},
		{17, "siebzehn", "siebzehnte", "siebzehn"},
		{21, "einundzwanzig", "einundzwanzigste", "einundzwanzig"},
		{30, "dreißig", "dreißigste", "dreißig"},
		{101, "einhunderteins", "einhunderterste", "einhunderteins"},
		{1001, "eintausendeins", "eintausenderste", "eintausendeins"},
		{1990, "eintausendneunhundertneunzig", "eintausendneunhundertneunzigste", "neunzehnhundertneunzig"},
		{1800, "eintausendachthundert", "eintausendachthundertste", "achtzehnhundert"},
		{2024, "zweitausendvierundzwanzig", "zweitausendvierundzwanzigste", "zweitausendvierundzwanzig"},
		{1_000_000, "eine Million", "eine Millionste", "eine Million"},
		{2_500_001, "zwei Millionen fünfhunderttausendeins", "zwei Millionen fünfhunderttausenderste", "zwei Millionen fünfhunderttausendeins"},
		{3_000_000_000, "drei Milliarden", "drei Milliardenste", "drei Milliarden"},
	}
	for _, tc := range cases {
		if got := narration.GermanCardinal(tc.n); got != tc.card {
			t.Errorf("GermanCardinal(%d) = %q, want %q", tc.n, got, tc.card)
		}
		if tc.n < 1_000_000 {
			if got := narration.GermanOrdinal(tc.n); got != tc.ord {
				t.Errorf("GermanOrdinal(%d) = %q, want %q", tc.n, got, tc.ord)
			}
		}
		if got := narration.GermanYear(tc.n); got != tc.year {
			t.Errorf("GermanYear(%d) = %q, want %q", tc.n, got, tc.year)
		}
	}
}

func TestNormalizeGerman(t *testing.T) {
	cases := []struct{ in, want string }{
		{"Am 3. Oktober 1990 wurde gefeiert.", "Am dritten Oktober neunzehnhundertneunzig wurde gefeiert."},
		{"Der 9. November ist ein Gedenktag.", "Der neunte November ist ein Gedenktag."},
		{"Berlin, 24.12.2023", "Berlin, vierundzwanzigster Dezember zweitausenddreiundzwanzig"},
		{"Bis zum 1.5. bleibt es kalt.", "Bis zum ersten Mai bleibt es kalt."},
		{"Im 19. Jahrhundert lebten 1.500 Menschen hier.", "Im neunzehnten Jahrhundert lebten eintausendfünfhundert Menschen hier."},
		{"Das 2. Kapitel beginnt am 3. Tag.", "Das zweite Kapitel beginnt am dritten Tag."},
		{"In der 3. Runde fiel er.", "In der dritten Runde fiel er."},
		{"Er zählte bis 3. Dann lief er.", "Er zählte bis drei. Dann lief er."},
		{"Es kostet 12,50 € oder 1 Euro.", "Es kostet zwölf Euro fünfzig oder ein Euro."},
		{"Nur 0,99 € und EUR 3,-", "Nur neunundneunzig Cent und drei Euro"},
		{"Das sind 2.000.000 $.", "Das sind zwei Millionen Dollar."},
		{"Um 14:30 Uhr und um 8.05 Uhr, nicht um 3.30.", "Um vierzehn Uhr dreißig und um acht Uhr fünf, nicht um drei Uhr dreißig."},
		{"Version 2.5 kam am 2.12. heraus.", "Version zwei Punkt fünf kam am zweiten Dezember heraus."},
		// Review findings: each was misread.
		{"Die Stadt wuchs um 12.000 Menschen, bis 20.500 Besucher kamen.", "Die Stadt wuchs um zwölftausend Menschen, bis zwanzigtausendfünfhundert Besucher kamen."},
		{"Geöffnet Mo.–Fr. 9–18 Uhr, Sprechzeit Fr. 10 Uhr.", "Geöffnet Montag–Freitag neun bis achtzehn Uhr, Sprechzeit Freitag zehn Uhr."},
		{"Es kostet CHF 12.50 bei 1.234,56 Punkten.", "Es kostet zwölf Franken fünfzig bei eintausendzweihundertvierunddreißig Komma fünf sechs Punkten."},
		{"Siehe Abschnitt 4.2. Dort steht Version 3.2.", "Siehe Abschnitt vier Punkt zwei. Dort steht Version drei Punkt zwei."},
		{"Das VIP-Ticket in Größe XXL.", "Das VIP-Ticket in Größe XXL."},
		{"Der Feiertag ist am 3. Oktober.", "Der Feiertag ist am dritten Oktober."},
		{"Es gehörte Ludwig XIV.", "Es gehörte Ludwig der Vierzehnte."},
		{"Ein Brief von Ludwig XIV. kam.", "Ein Brief von Ludwig dem Vierzehnten kam."},
		{"Diabetes Typ II und Phase III.", "Diabetes Typ zwei und Phase drei."},
		{"Am 1. und 2. Mai war frei.", "Am ersten und zweiten Mai war frei."},
		{"Um 24.00 Uhr.", "Um vierundzwanzig Uhr."},
		{"Nach 1 Stunde las er 1 Buch und 1 Seite.", "Nach einer Stunde las er ein Buch und eine Seite."},
		{"Der Zug fährt um 1 Uhr.", "Der Zug fährt um ein Uhr."},
		{"Die Quote stieg um 3,5 % auf 1 %.", "Die Quote stieg um drei Komma fünf Prozent auf ein Prozent."},
		{"Er las 1 Buch in 1998.", "Er las ein Buch in neunzehnhundertachtundneunzig."},
		{"Von 1914–1918 dauerte der Krieg.", "Von neunzehnhundertvierzehn bis neunzehnhundertachtzehn dauerte der Krieg."},
		{"Ludwig XIV. baute Versailles, Karl V. regierte.", "Ludwig der Vierzehnte baute Versailles, Karl der Fünfte regierte."},
		{"Siehe Kapitel IV und Heinrich VIII.", "Siehe Kapitel vier und Heinrich der Achte."},
		{"Obst, z. B. Äpfel, d.h. viel usw.", "Obst, zum Beispiel Äpfel, das heißt viel und so weiter."},
		{"Dr. Weber traf Fr. Schulz in St. Gallen, Nr. 17, S. 4.", "Doktor Weber traf Frau Schulz in Sankt Gallen, Nummer siebzehn, Seite vier."},
		{"Am Fr. geht es los.", "Am Fr. geht es los."},
		{"Ruf 0301234 an.", "Ruf null drei null eins zwei drei vier an."},
		{"Keine Zahl hier.", "Keine Zahl hier."},
	}
	for _, tc := range cases {
		if got := narration.Normalize("de-DE", tc.in); got != tc.want {
			t.Errorf("Normalize(de, %q)\n got %q\nwant %q", tc.in, got, tc.want)
		}
	}
	// German rules never touch English text, nor English rules German text.
	if got := narration.Normalize("en", "Am 3. Oktober 1990"); got != "Am three. Oktober one thousand nine hundred ninety" {
		t.Errorf("English rules on a German text without its language: %q", got)
	}
}
