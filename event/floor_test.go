package event_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/dateline-news/dateline"
	"github.com/dateline-news/dateline/eval"
)

// The last measured event scores, less a small margin: the test fails when
// a change brings the event layer below them. Raise them when the layer
// improves. Measured with the text, entity, temporal, quote and event
// layers (dateline eval events): PLOVER dev type P/R/F1 66.67/62.20/64.35,
// source accuracy 93.07, target accuracy 70.33; ConfliBERT classes 1-4
// accuracy of predicted sentences 80.69, coverage 76.10, source span F1
// 73.25, target span F1 54.45. The PLOVER records code one event per
// sentence, so a true second event counts against precision.
const (
	floorPLOVERF1       = 64.3
	floorPLOVERSource   = 92.8
	floorPLOVERTarget   = 70.0
	floorCAMEOAccuracy  = 80.4
	floorCAMEOCoverage  = 76.0
	floorCAMEOSourceF1  = 73.0
	floorCAMEOTargetF1  = 54.1
	eventEvalDataFolder = "../../shared/data"
)

// TestEventFloors scores the event layer on the PLOVER gold standard
// records and the ConfliBERT CAMEO sentences, and fails below the floors.
// It skips when the data is absent.
func TestEventFloors(t *testing.T) {
	gsr := filepath.Join(eventEvalDataFolder, "plover", "gsr-dev.json")
	cameo := filepath.Join(eventEvalDataFolder, "conflibert-cameo")
	if _, err := os.Stat(gsr); err != nil {
		t.Skipf("PLOVER data not found at %s (it lives in ../shared/data next to the repository): %v", gsr, err)
	}
	ls := newLayers(t)
	predict := func(body, date string) ([]dateline.Event, error) { return ls.run(t, date, body).Events, nil }
	recs, err := eval.ReadPLOVER(gsr)
	if err != nil {
		t.Fatal(err)
	}
	pl, err := eval.ScorePLOVER(recs, predict)
	if err != nil {
		t.Fatal(err)
	}
	sents, err := eval.ReadConfliBERT(cameo)
	if err != nil {
		t.Fatal(err)
	}
	cb, err := eval.ScoreConfliBERT(sents, predict)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("PLOVER: F1 %.2f (P %.2f R %.2f) source %.2f target %.2f; ConfliBERT: accuracy %.2f coverage %.2f source F1 %.2f target F1 %.2f",
		pl.Overall.F1, pl.Overall.Precision, pl.Overall.Recall, pl.Source.Accuracy, pl.Target.Accuracy,
		cb.Accuracy.Accuracy, cb.Coverage.Accuracy, cb.Source.F1, cb.Target.F1)
	for _, c := range []struct {
		name       string
		got, floor float64
	}{
		{"PLOVER type F1", pl.Overall.F1, floorPLOVERF1},
		{"PLOVER source accuracy", pl.Source.Accuracy, floorPLOVERSource},
		{"PLOVER target accuracy", pl.Target.Accuracy, floorPLOVERTarget},
		{"ConfliBERT accuracy of predicted sentences", cb.Accuracy.Accuracy, floorCAMEOAccuracy},
		{"ConfliBERT coverage", cb.Coverage.Accuracy, floorCAMEOCoverage},
		{"ConfliBERT source F1", cb.Source.F1, floorCAMEOSourceF1},
		{"ConfliBERT target F1", cb.Target.F1, floorCAMEOTargetF1},
	} {
		if c.got < c.floor {
			t.Errorf("%s = %.2f, below the floor %.2f", c.name, c.got, c.floor)
		}
	}
}
