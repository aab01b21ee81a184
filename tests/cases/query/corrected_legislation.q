-- Citations whose title, year or kind is wrong in the notice, linked to the real instrument.
legislation where status = corrected show legislation, cited, service
