package redisstore

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/redis/go-redis/v9"
)

// record is a stored record as read: its hash and its history list.
type record struct {
	hash    map[string]string
	history []string
}

// readRecords reads the hash and the history list of every id in one
// pipelined round trip, in the order of ids. hashKey and historyKey name
// an id's keys.
func readRecords(ctx context.Context, rdb redis.UniversalClient, ids []string, hashKey, historyKey func(string) string) ([]record, error) {
	hs := make([]*redis.MapStringStringCmd, len(ids))
	ls := make([]*redis.StringSliceCmd, len(ids))
	_, err := rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, id := range ids {
			hs[i] = p.HGetAll(ctx, hashKey(id))
			ls[i] = p.LRange(ctx, historyKey(id), 0, -1)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := make([]record, len(ids))
	for i := range ids {
		out[i] = record{hash: hs[i].Val(), history: ls[i].Val()}
	}
	return out, nil
}

// readNewest reads the n newest ids of a zset index (newest first) with
// their records, in two round trips.
func readNewest(ctx context.Context, rdb redis.UniversalClient, index string, n int64, hashKey, historyKey func(string) string) ([]string, []record, error) {
	ids, err := rdb.ZRevRange(ctx, index, 0, n-1).Result()
	if err != nil || len(ids) == 0 {
		return nil, nil, err
	}
	recs, err := readRecords(ctx, rdb, ids, hashKey, historyKey)
	if err != nil {
		return nil, nil, err
	}
	return ids, recs, nil
}

// linkMessage links a staff message to the record at recordKey (a hash with
// a "links" field) in the links hash, and records room (when given) in its
// "told" field, with linkScript; it fails with notFound when the record
// does not exist.
func linkMessage(ctx context.Context, rdb redis.UniversalClient, recordKey, linksKey, message, id, room string, notFound error) error {
	n, err := linkScript.Run(ctx, rdb, []string{recordKey, linksKey}, message, id, room).Int()
	if err != nil {
		return fmt.Errorf("link message: %w", err)
	}
	if n == 0 {
		return fmt.Errorf("link message to %s: %w", id, notFound)
	}
	return nil
}

// recordByMessage returns the id a staff message is linked to, or notFound.
func recordByMessage(ctx context.Context, rdb redis.UniversalClient, linksKey, message string, notFound error) (string, error) {
	id, err := rdb.HGet(ctx, linksKey, message).Result()
	if errors.Is(err, redis.Nil) {
		return "", notFound
	}
	if err != nil {
		return "", fmt.Errorf("record by message: %w", err)
	}
	return id, nil
}

// lines splits a hash field of lines ("a\nb\n") into its lines.
func lines(field string) []string {
	var out []string
	for l := range strings.SplitSeq(field, "\n") {
		if l != "" {
			out = append(out, l)
		}
	}
	return out
}
