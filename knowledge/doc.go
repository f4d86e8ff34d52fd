// Package knowledge holds the bot's domain knowledge and understanding of client messages.
//
// It contains the knowledge base written from the provider's documents (contract FAQ, vendor SOP and
// code of ethics), embedded in the binary as JSON in German and English; language detection
// (DetectLanguage); and a Classifier that finds a message's intent and, for coverage questions, the
// verdict of the managed-service contract, and answers from the knowledge entries with their sources.
//
// The classifier combines a concept lexicon with weighted rules and a small naive-Bayes scorer trained
// on the example sentences of the entries. German text is normalised (umlauts, ß, ae/oe/ue spellings),
// compounds are split against the vocabulary, words are stemmed with the Snowball stemmers and
// one-letter typos are corrected. A message is split into sentences and clauses; clauses that only
// give background (an introduction, history, a plan not yet decided) get no verdict of their own, nor
// do clauses that only set the scene of another topic or describe the same incident from another side
// (topics.go), and a message with several real topics gets an answer per topic. Work outside IT
// (cleaning, air conditioning, furniture, catering, the building) gets no verdict but the answer that
// the contract covers IT only, and a thing named only with unknown words gets no guessed verdict
// (scope.go). Everything is precomputed in NewClassifier; Classify is safe for concurrent use.
//
// The package imports no other mspbot package and does no I/O of its own beyond the readers it is given.
package knowledge
