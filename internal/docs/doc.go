// Package docs holds the tests of the project's Markdown documentation
// (README.md and docs/*.md): every relative link leads to a file that
// exists, every #anchor to a heading as GitHub names it, and every external
// link is at least a well-formed http(s) URL. It has no code of its own.
package docs
