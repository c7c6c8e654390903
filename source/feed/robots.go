package feed

import (
	"bufio"
	"bytes"
	"strconv"
	"strings"
	"time"
)

// Robots is what a site's robots.txt says to one user agent (RFC 9309).
// The zero value allows everything.
type Robots struct {
	rules      []robotsRule
	CrawlDelay time.Duration // the group's Crawl-delay, 0 if none
}

type robotsRule struct {
	allow   bool
	pattern string
}

// ParseRobots parses a robots.txt for the user agent whose product token is
// agent ("datelinebot"): the rules of the first group that names the token
// (case-insensitively, as a prefix of the group's name or the reverse), else
// of the groups for "*". Rules of several groups for the same agent are
// merged.
func ParseRobots(data []byte, agent string) *Robots {
	agent = strings.ToLower(agent)
	type group struct {
		agents []string
		rules  []robotsRule
		delay  time.Duration
	}
	var groups []*group
	var cur *group
	inAgents := false // the previous line was a user-agent line
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 4096), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		key, val, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		key = strings.ToLower(strings.TrimSpace(key))
		val = strings.TrimSpace(val)
		switch key {
		case "user-agent":
			if !inAgents || cur == nil {
				cur = &group{}
				groups = append(groups, cur)
			}
			cur.agents = append(cur.agents, strings.ToLower(val))
			inAgents = true
			continue
		case "allow", "disallow":
			if cur != nil && (val != "" || key == "allow") {
				cur.rules = append(cur.rules, robotsRule{allow: key == "allow", pattern: val})
			}
		case "crawl-delay":
			if cur != nil {
				if s, err := strconv.ParseFloat(val, 64); err == nil && s > 0 {
					cur.delay = time.Duration(s * float64(time.Second))
				}
			}
		}
		inAgents = false
	}
	r := &Robots{}
	match := func(name string) bool {
		return name != "*" && name != "" && (strings.HasPrefix(agent, name) || strings.HasPrefix(name, agent))
	}
	for _, pass := range []func(string) bool{match, func(n string) bool { return n == "*" }} {
		for _, g := range groups {
			for _, a := range g.agents {
				if pass(a) {
					r.rules = append(r.rules, g.rules...)
					r.CrawlDelay = max(r.CrawlDelay, g.delay)
					break
				}
			}
		}
		if len(r.rules) > 0 || r.CrawlDelay > 0 {
			break
		}
	}
	return r
}

// Allowed reports whether the path (with its query) may be fetched: the
// longest matching rule decides, an Allow winning a tie; no matching rule
// allows. Patterns may use "*" for any characters and end in "$".
func (r *Robots) Allowed(path string) bool {
	if r == nil {
		return true
	}
	if path == "" {
		path = "/"
	}
	if path == "/robots.txt" {
		return true
	}
	best, allow := -1, true
	for _, rule := range r.rules {
		if !matchPattern(rule.pattern, path) {
			continue
		}
		n := len(rule.pattern)
		if n > best || (n == best && rule.allow) {
			best, allow = n, rule.allow
		}
	}
	return allow
}

// matchPattern reports whether the robots.txt path pattern p matches a
// prefix of path (the whole of it when p ends in "$").
func matchPattern(p, path string) bool {
	anchored := strings.HasSuffix(p, "$")
	if anchored {
		p = p[:len(p)-1]
	}
	parts := strings.Split(p, "*")
	if !strings.HasPrefix(path, parts[0]) {
		return false
	}
	rest := path[len(parts[0]):]
	for i, part := range parts[1:] {
		last := i == len(parts)-2
		if last && anchored {
			return strings.HasSuffix(rest, part)
		}
		j := strings.Index(rest, part)
		if j < 0 {
			return false
		}
		rest = rest[j+len(part):]
	}
	return !anchored || rest == ""
}
