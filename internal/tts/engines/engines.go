// Package engines sets up the speech engines this machine has, the same way for the
// window, the command line and worker processes.
package engines

import (
	"context"

	"readback/internal/config"
	"readback/internal/fault"
	"readback/internal/onnx"
	"readback/internal/store"
	"readback/internal/tts"
	"readback/internal/tts/espeak"
	"readback/internal/tts/kokoro"
	"readback/internal/tts/piper"
	"readback/internal/tts/polly"
)

// Open registers every engine that starts here: eSpeak NG (the default), and Piper
// and Kokoro when ONNX Runtime is found (Kokoro also needs its voice styles). Its
// error says why eSpeak could not start; an engine that is optional and missing is
// noted in the registry's Missing, with its reason, and everything else works
// without it.
func Open(paths config.Paths) (*tts.Registry, error) {
	reg := tts.NewRegistry()
	e, err := espeak.New()
	if err != nil {
		reg.Unavailable(espeak.Name, err.Error())
		reg.Unavailable(piper.Name, "Piper voices take their phonemes from eSpeak NG, which could not start")
		reg.Unavailable(kokoro.Name, "Kokoro voices take their phonemes from eSpeak NG, which could not start")
		return reg, fault.Wrap(err, fault.Unavailable, "the speech engine could not start: %v (install espeak-ng)", err)
	}
	reg.Register(e)
	if paths.Data == "" {
		reg.Unavailable(piper.Name, "there is no data directory to hold Piper voices")
		reg.Unavailable(kokoro.Name, "there is no data directory to hold Kokoro models")
		return reg, nil
	}
	openNeural(reg, paths, e)
	return reg, nil
}

// openNeural registers Piper and Kokoro when ONNX Runtime starts (Kokoro also needs
// its voice styles), noting why not in the registry's Missing; fe gives them their
// phonemes.
func openNeural(reg *tts.Registry, paths config.Paths, fe *espeak.Engine) {
	if _, err := onnx.Start(paths.Data); err != nil {
		reg.Unavailable(piper.Name, err.Error())
		reg.Unavailable(kokoro.Name, err.Error())
		return
	}
	if p, err := piper.New(paths.PiperVoices(), fe); err != nil {
		reg.Unavailable(piper.Name, err.Error())
	} else {
		reg.Register(p)
	}
	styles, err := kokoro.FindStyles(paths.Data)
	if err != nil {
		reg.Unavailable(kokoro.Name, err.Error())
		return
	}
	if k, err := kokoro.New(paths.KokoroModels(), styles, fe); err != nil {
		reg.Unavailable(kokoro.Name, err.Error())
	} else {
		reg.Register(k)
	}
}

// Polly sets up Amazon Polly's voices as the writer's preferences say: the engine
// when on (its voice list cached in the data directory); when off, or when it
// cannot start (noted in Missing with why), a stand-in that keeps the audio Polly
// made playable and sends nothing. It is called again whenever the preferences
// change.
func Polly(ctx context.Context, reg *tts.Registry, paths config.Paths, p store.PollyPrefs) {
	if !p.On {
		reg.Register(polly.Off{})
		return
	}
	opts := polly.Options{Endpoint: p.Endpoint, Region: p.Region, Profile: p.Profile, RequestsPerSecond: p.RequestsPerSecond}
	if e, err := reg.Engine(espeak.Name); err == nil {
		if es, ok := e.(*espeak.Engine); ok {
			opts.Phonemes = es.PhonemesIPA
		}
	}
	if paths.Data != "" {
		opts.Cache = paths.PollyVoices()
	}
	e, err := polly.New(ctx, opts)
	if err != nil {
		reg.Register(polly.Off{})
		reg.Unavailable(polly.Name, fault.MessageOf(err))
		return
	}
	reg.Register(e)
}
