"""Speaking an answer: decoding a recording (`audio`), offline transcription with word
timestamps (`transcribe`), delivery figures from those timestamps (`delivery`) and microphone
capture (`capture`).

Importing this package, or `delivery` and `errors`, loads nothing of the speech stack:
faster-whisper, CTranslate2, PyAV and sounddevice are imported inside the functions that use
them, on the first recording or audio file, so the app starts as fast without them and works
where they are missing."""
