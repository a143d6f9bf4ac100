package cli

import (
	"flag"
	"fmt"
	"strconv"
)

// Numeric options are checked as they are read: a value that is not a number, or
// is outside its range, is refused naming the option, the value and the range
// ("invalid value "1000" for flag --workers: 1000 is outside 1–8"), exit 2.

type boundedInt struct {
	v        *int
	min, max int
	unit     string
}

func (b boundedInt) String() string {
	if b.v == nil {
		return ""
	}
	return strconv.Itoa(*b.v)
}

func (b boundedInt) Set(s string) error {
	n, err := strconv.Atoi(s)
	if err != nil {
		return fmt.Errorf("%q is not a whole number (%d–%d%s)", s, b.min, b.max, b.unit)
	}
	if n < b.min || n > b.max {
		return fmt.Errorf("%d is outside %d–%d%s", n, b.min, b.max, b.unit)
	}
	*b.v = n
	return nil
}

type boundedFloat struct {
	v        *float64
	min, max float64
}

func (b boundedFloat) String() string {
	if b.v == nil {
		return ""
	}
	return strconv.FormatFloat(*b.v, 'g', -1, 64)
}

func (b boundedFloat) Set(s string) error {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return fmt.Errorf("%q is not a number (%g–%g)", s, b.min, b.max)
	}
	if !(f >= b.min && f <= b.max) { // NaN too
		return fmt.Errorf("%s is outside %g–%g", s, b.min, b.max)
	}
	*b.v = f
	return nil
}

// intFlag defines an integer option that accepts only min…max.
func intFlag(fs *flag.FlagSet, name string, value, min, max int, unit, usage string) *int {
	v := value
	fs.Var(boundedInt{&v, min, max, unit}, name, usage)
	return &v
}

// intVarFlag is intFlag into an existing variable.
func intVarFlag(fs *flag.FlagSet, p *int, name string, min, max int, unit, usage string) {
	fs.Var(boundedInt{p, min, max, unit}, name, usage)
}

// floatFlag defines a number option that accepts only min…max; left out, it is
// value (which may stand for "not given").
func floatFlag(fs *flag.FlagSet, name string, value, min, max float64, usage string) *float64 {
	v := value
	fs.Var(boundedFloat{&v, min, max}, name, usage)
	return &v
}
