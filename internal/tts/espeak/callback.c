#include <espeak-ng/speak_lib.h>
#include "_cgo_export.h"

static int synth_callback(short *wav, int numsamples, espeak_EVENT *events) {
	return goSynthCallback(wav, numsamples, events);
}

void readback_set_callback(void) {
	espeak_SetSynthCallback(synth_callback);
}
