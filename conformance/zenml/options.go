package zenml

import (
	"time"
)

// An Option configures a [Handler] or [Server] at construction.
type Option func(*config)

type config struct {
	pollReads int
	clock     func() time.Time
	users     []User
}

// DefaultPollReads is how many detail reads the seeded running run answers
// with "running" before it completes, unless [PollReads] says otherwise.
const DefaultPollReads = 2

// defaultNow is the instant the default clock always reports.
var defaultNow = time.Date(2024, time.June, 1, 12, 0, 0, 0, time.UTC)

// now reads the clock in UTC, to the microsecond like the real server's
// database.
func (c *config) now() time.Time { return c.clock().UTC().Truncate(time.Microsecond) }

func defaultConfig() config {
	return config{
		pollReads: DefaultPollReads,
		clock:     func() time.Time { return defaultNow },
	}
}

// PollReads sets how many reads of GET /runs/{run_id} the seeded running
// run answers with status "running"; the read after them completes it. With
// 0 the first read already finds it completed. A negative n counts as 0.
func PollReads(n int) Option {
	return func(c *config) { c.pollReads = max(n, 0) }
}

// Clock sets the source of the time stamped on created resources, on
// issued tokens (and checked against their expiry) and on the end of the
// polled run, in UTC and to the microsecond. The default clock always
// reports 2024-06-01T12:00:00Z, so that responses are byte-for-byte
// reproducible. A nil now restores the default.
func Clock(now func() time.Time) Option {
	return func(c *config) {
		c.clock = now
		if now == nil {
			c.clock = defaultConfig().clock
		}
	}
}

// User is an account the server accepts at POST /login, in addition to the
// seeded ones.
type User struct {
	Name     string // the login name, and the user's name in responses
	Password string
	FullName string // optional
	Email    string // optional; an email address
	Admin    bool
	Inactive bool // an inactive user can neither log in nor use a token
}

// Users adds accounts to the seeded ones, with ids following the seeded
// users' in the order given. A user whose name is already taken replaces
// that account's password and profile, keeping its id.
func Users(users ...User) Option {
	return func(c *config) { c.users = append(c.users, users...) }
}
