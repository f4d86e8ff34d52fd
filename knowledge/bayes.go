package knowledge

import "math"

// bayes is a multinomial naive-Bayes scorer over string features with add-one smoothing.
type bayes struct {
	classes int
	counts  map[string][]float64
	totals  []float64
	docs    []float64
	logp    map[string][]float64
	prior   []float64
}

func newBayes(classes int) *bayes {
	return &bayes{classes: classes, counts: make(map[string][]float64), totals: make([]float64, classes), docs: make([]float64, classes)}
}

func (b *bayes) learn(class int, feats []string) {
	b.docs[class]++
	for _, f := range feats {
		row := b.counts[f]
		if row == nil {
			row = make([]float64, b.classes)
			b.counts[f] = row
		}
		row[class]++
		b.totals[class]++
	}
}

// finish turns counts into log probabilities. Priors are uniform over the classes that have
// examples: the example sets are not sized like real traffic.
func (b *bayes) finish() {
	v := float64(len(b.counts))
	b.logp = make(map[string][]float64, len(b.counts))
	for f, row := range b.counts {
		lp := make([]float64, b.classes)
		for k := range lp {
			lp[k] = math.Log((row[k] + 1) / (b.totals[k] + v + 1))
		}
		b.logp[f] = lp
	}
	b.prior = make([]float64, b.classes)
	for k := range b.prior {
		if b.docs[k] == 0 {
			b.prior[k] = math.Inf(-1)
		}
	}
	b.counts = nil
}

// posterior writes the class probabilities for feats into out (len classes). It reports false
// when no feature is known. The log-likelihoods are tempered by the number of features, because
// the independence assumption makes raw naive Bayes far too sure of itself.
func (b *bayes) posterior(feats []string, out []float64) bool {
	copy(out, b.prior)
	n := 0
	for _, f := range feats {
		lp, ok := b.logp[f]
		if !ok {
			continue
		}
		n++
		for k := range out {
			out[k] += lp[k]
		}
	}
	if n == 0 {
		return false
	}
	t := 1 + 0.5*float64(n)
	mx := math.Inf(-1)
	for _, x := range out {
		mx = math.Max(mx, x)
	}
	sum := 0.0
	for k, x := range out {
		out[k] = math.Exp((x - mx) / t)
		sum += out[k]
	}
	for k := range out {
		out[k] /= sum
	}
	return true
}
