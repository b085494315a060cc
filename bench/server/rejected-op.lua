-- POST of an operation the controller rejects (SCALE of an app that does not exist):
-- JSON decoding, bean validation and the state lookup run, nothing is queued.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"type":"SCALE","appId":"NO_SUCH_APP-1","requiredInstances":3,' ..
           '"opSpec":{"timeout":"5m","parallelism":1,"failureStrategy":"STOP"}}'
