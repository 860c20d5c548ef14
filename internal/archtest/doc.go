// Package archtest holds tests about the shape of the module itself, such as
// the one-way import graph between its packages. It has no code of its own.
package archtest
