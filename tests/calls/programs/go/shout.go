import (
	"fmt"
	"strings"
)

func shout(s string) string {
	fmt.Println("shouting", len(s), "bytes")
	var b strings.Builder
	b.WriteString(s)
	b.WriteByte('!')
	return b.String()
}
