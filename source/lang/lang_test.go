package lang

import (
	"strings"
	"testing"

	"github.com/dateline-news/dateline"
)

// samples are news-like sentences written for this test.
var samples = map[string]string{
	"en": "The harbour authority said on Tuesday that the new ferry terminal would open next spring, after two years of delays caused by the flooding of the old quay.",
	"fr": "La mairie a annoncé mardi que le nouveau terminal des ferries ouvrirait au printemps prochain, après deux années de retard causées par l'inondation de l'ancien quai.",
	"de": "Die Hafenbehörde teilte am Dienstag mit, dass das neue Fährterminal im nächsten Frühjahr eröffnet werde, nach zwei Jahren Verzögerung durch die Überflutung des alten Kais.",
	"es": "La autoridad portuaria dijo el martes que la nueva terminal de transbordadores abrirá la próxima primavera, tras dos años de retrasos causados por la inundación del antiguo muelle.",
	"it": "L'autorità portuale ha detto martedì che il nuovo terminal dei traghetti aprirà la prossima primavera, dopo due anni di ritardi causati dall'allagamento della vecchia banchina.",
	"pt": "A autoridade portuária disse na terça-feira que o novo terminal de balsas será aberto na próxima primavera, depois de dois anos de atrasos causados pela inundação do antigo cais.",
	"nl": "De havenautoriteit zei dinsdag dat de nieuwe veerterminal volgend voorjaar opengaat, na twee jaar vertraging door de overstroming van de oude kade.",
	"ru": "Портовое управление во вторник заявило, что новый паромный терминал откроется следующей весной после двух лет задержек, вызванных затоплением старого причала.",
	"tr": "Liman idaresi salı günü yaptığı açıklamada, eski rıhtımın su basması nedeniyle iki yıl geciken yeni feribot terminalinin önümüzdeki bahar açılacağını söyledi. Belediye başkanı, yolcuların yeni binada daha rahat bekleyebileceğini ve biletlerin artık internetten satılacağını belirtti.",
	"pl": "Zarząd portu poinformował we wtorek, że nowy terminal promowy zostanie otwarty wiosną przyszłego roku, po dwóch latach opóźnień spowodowanych zalaniem starego nabrzeża.",
	"ar": "قالت سلطة الميناء يوم الثلاثاء إن محطة العبارات الجديدة ستفتح في الربيع المقبل بعد عامين من التأخير بسبب غرق الرصيف القديم.",
	"ja": "港湾当局は火曜日、古い岸壁の浸水で二年間遅れていた新しいフェリーターミナルが来年の春に開業すると発表した。",
}

func TestDetect(t *testing.T) {
	for want, text := range samples {
		got, conf := Detect(text)
		if got != want {
			t.Errorf("Detect(%s sample) = %q (%.2f)", want, got, conf)
		}
		if conf <= 0 || conf > 1 {
			t.Errorf("%s: confidence %v", want, conf)
		}
	}
	if code, conf := Detect("  \n "); code != "" || conf != 0 {
		t.Errorf("blank: %q %v", code, conf)
	}
	// A long text is judged on its start, and costs no more.
	long := strings.Repeat(samples["de"]+" ", 500)
	if got, _ := Detect(long); got != "de" {
		t.Errorf("long German: %q", got)
	}
}

func TestChoose(t *testing.T) {
	if got := Choose(samples["fr"], "en"); got != "fr" {
		t.Errorf("confident detection over a wrong declaration: %q", got)
	}
	if got := Choose("OK", "de-AT"); got != "de" {
		t.Errorf("unsure detection, declared de-AT: %q", got)
	}
	if got := Choose("", ""); got != "" {
		t.Errorf("nothing: %q", got)
	}
}

func TestFillAndFilter(t *testing.T) {
	in := func(yield func(*dateline.Article, error) bool) {
		for _, a := range []*dateline.Article{
			{ID: "en", Text: samples["en"]},
			{ID: "fr", Text: samples["fr"]},
			{ID: "kept", Text: samples["fr"], Lang: "en"},
		} {
			if !yield(a, nil) {
				return
			}
		}
		yield(nil, &dateline.InputError{File: "f", Line: 3})
	}
	var got []string
	for a, err := range Filter(Fill(in), "en") {
		if err != nil {
			got = append(got, "error")
			continue
		}
		got = append(got, a.ID+":"+a.Lang)
	}
	if want := "en:en kept:en error"; strings.Join(got, " ") != want {
		t.Errorf("got %q, want %q", strings.Join(got, " "), want)
	}
}

func BenchmarkDetect(b *testing.B) {
	text := strings.Repeat(samples["en"]+" ", 20)
	for b.Loop() {
		Detect(text)
	}
}

func TestLooksEnglish(t *testing.T) {
	for _, c := range []struct {
		text string
		want bool
	}{
		{"Foreign Minister Sergei Lavrov met Antony Blinken in New Delhi on Thursday, officials said. The two spoke for less than ten minutes about the war and the treaty that limits their arsenals.", true},
		{"Le ministre des Affaires étrangères Sergueï Lavrov a rencontré Antony Blinken à New Delhi jeudi, ont indiqué des responsables. Les deux hommes ont parlé de la guerre.", false},
		{"Die Gespräche in Genf wurden am Montag nach einer Pause von zwei Wochen wieder aufgenommen, teilten Beamte mit. Die Delegationen trafen sich im Palais des Nations.", false},
		{"Las conversaciones en Ginebra se reanudaron el lunes tras una pausa de dos semanas, dijeron los funcionarios. Las delegaciones se reunieron en el Palacio.", false},
		{"De gesprekken in Genève zijn maandag na een pauze van twee weken hervat, zeiden functionarissen. De delegaties kwamen bijeen in het Palais.", false},
		{"Geneva talks", false}, // too short to tell
	} {
		if got := LooksEnglish(c.text); got != c.want {
			t.Errorf("LooksEnglish(%.40q) = %v, want %v", c.text, got, c.want)
		}
	}
}
