package html

import (
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"sort"
	"strings"
)

// maxID is the length of the longest id IDFromURL returns.
const maxID = 200

// NormalizeURL returns the address u in a canonical form, so that the
// addresses one page is linked by compare equal: the scheme and host in
// lower case, "www." and a default port dropped, the fragment and tracking
// parameters (utm_*, fbclid, gclid, ...) dropped, the other query parameters
// sorted, and a trailing slash of the path dropped. An address that does not
// parse is returned trimmed.
func NormalizeURL(u string) string {
	u = strings.TrimSpace(u)
	pu, err := url.Parse(u)
	if err != nil || pu.Host == "" {
		return u
	}
	pu.Scheme = strings.ToLower(pu.Scheme)
	h := strings.ToLower(pu.Hostname())
	h = strings.TrimPrefix(h, "www.")
	if p := pu.Port(); p != "" && !(p == "80" && pu.Scheme == "http") && !(p == "443" && pu.Scheme == "https") {
		h += ":" + p
	}
	pu.Host = h
	pu.User = nil
	pu.Fragment, pu.RawFragment = "", ""
	if pu.RawQuery != "" {
		q := pu.Query()
		for k := range q {
			if isTracking(k) {
				delete(q, k)
			}
		}
		keys := make([]string, 0, len(q))
		for k := range q {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var b strings.Builder
		for _, k := range keys {
			for _, v := range q[k] {
				if b.Len() > 0 {
					b.WriteByte('&')
				}
				b.WriteString(url.QueryEscape(k))
				b.WriteByte('=')
				b.WriteString(url.QueryEscape(v))
			}
		}
		pu.RawQuery = b.String()
	}
	pu.ForceQuery = false
	if len(pu.Path) > 1 {
		pu.Path = strings.TrimRight(pu.Path, "/")
		pu.RawPath = ""
	}
	if pu.Path == "/" {
		pu.Path = ""
	}
	return pu.String()
}

func isTracking(k string) bool {
	k = strings.ToLower(k)
	switch k {
	case "fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "ocid", "cmpid", "ito", "at_medium", "at_campaign":
		return true
	}
	return strings.HasPrefix(k, "utm_")
}

// IDFromURL returns a stable article id for the page at u: the normalised
// address without its scheme ("example.org/2023/03/02/talks-open"). The same
// page gets the same id however it was reached. An address longer than 200
// bytes is cut and ends in a hash of the whole.
func IDFromURL(u string) string {
	n := NormalizeURL(u)
	if i := strings.Index(n, "://"); i >= 0 {
		n = n[i+3:]
	}
	if len(n) <= maxID {
		return n
	}
	sum := sha256.Sum256([]byte(n))
	return n[:cut(n, maxID-17)] + "~" + hex.EncodeToString(sum[:8])
}
