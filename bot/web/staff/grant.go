package staff

import (
	"context"

	"github.com/mspbot/mspbot/bot"
)

// grantKey is the context key of a staff grant. It is unexported, so only
// this package can put a grant into a context: no request body, header or
// user id can make one.
type grantKey struct{}

// withGrant returns ctx carrying the grant that user (a signed-in staff
// member, as the engine names them) is staff for the event run with it.
func withGrant(ctx context.Context, user bot.Ref) context.Context {
	return context.WithValue(ctx, grantKey{}, user)
}

// Directory returns a staff directory that counts the staff member who
// pressed a button on the staff page as staff for that one event, and asks
// base about everyone else. The grant travels in the context of the
// event's run (the engine asks its directory with that context), so the
// same user id sent through the JSON API or anywhere else is not staff.
func Directory(base bot.StaffDirectory) bot.StaffDirectory {
	return bot.StaffFunc(func(ctx context.Context, u bot.Ref) (bool, error) {
		if g, ok := ctx.Value(grantKey{}).(bot.Ref); ok && g.User != "" && g.Platform == u.Platform && g.User == u.User {
			return true, nil
		}
		if base == nil {
			return false, nil
		}
		return base.IsStaff(ctx, u)
	})
}
