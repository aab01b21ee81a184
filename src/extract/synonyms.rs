//! Common ways notices word the entries of the shared vocabularies, keyed by vocabulary id.
//!
//! The vocabularies give one name per entry ("Telephone number"); notices say "phone
//! numbers", "mobile number", "(phone/email)". These lists are general English usage in UK
//! privacy notices, not phrases of any one notice. An id the loaded vocabulary lacks is
//! ignored, so a dataset with other vocabularies loses nothing but these hints.
//!
//! A phrase mapped to no id (in the `*_BLOCKERS` lists) hides the shorter phrases inside it:
//! "telephone helpline" is no telephone number, "by email" no e-mail address.

/// Categories of personal data.
#[rustfmt::skip]
pub(crate) const CATEGORIES: &[(&str, &[&str])] = &[
    ("name", &["name", "full name", "first name", "surname", "name/s"]),
    ("date-of-birth", &["date of birth", "dates of birth", "birth date"]),
    ("gender", &["gender", "sex"]),
    ("visual-image", &["photograph", "photo", "picture", "images", "CCTV", "personal appearance"]),
    ("contact", &["contact details", "contact information", "contact data"]),
    ("address", &["address", "home address", "postal address", "full address", "addresses"]),
    ("telephone", &["telephone number", "phone number", "mobile number", "phone", "telephone"]),
    ("email", &["email", "email address", "e-mail", "e-mail address"]),
    ("identifiers", &["national identifiers", "unique identifiers", "identification numbers"]),
    ("nhs-number", &["NHS number"]),
    ("upn", &["unique pupil number", "UPN"]),
    ("ni-number", &["national insurance number", "NI number", "national insurance"]),
    ("ip-address", &["IP address", "internet protocol address"]),
    ("family", &["family circumstances", "family relationships", "family details", "your family", "family background"]),
    ("household", &["household members", "who you live with", "household composition", "household"]),
    ("relatives-and-carers", &["family contact details", "next of kin", "emergency contact", "close relatives", "guardian names", "parents' names"]),
    ("private-fostering", &["private fostering"]),
    ("lifestyle-social", &["lifestyle", "social circumstances"]),
    ("housing", &["housing needs", "housing details", "housing circumstances", "tenancy"]),
    ("language", &["language", "first language", "preferred language"]),
    ("financial", &["financial details", "financial information", "bank details", "bank account", "financial circumstances", "payment details", "finances"]),
    ("benefits", &["benefits", "state benefits", "free school meal", "free school meals", "benefit entitlement"]),
    ("employment", &["employment details", "employment", "employer", "job title", "occupation", "employment history"]),
    ("education", &["education details", "educational records", "school records", "pupil records", "educational progress", "education", "exam results", "attainment"]),
    ("school-attendance", &["attendance", "school attendance", "absence"]),
    ("sen", &["special educational needs", "SEND", "SEN", "additional support needs", "additional learning needs", "EHC plan", "education, health and care plan"]),
    ("behaviour", &["behaviour", "behavioural", "exclusions"]),
    ("legal-status", &["legal status", "immigration status"]),
    ("case-records", &["case file", "case records", "case notes", "case information"]),
    ("assessment", &["assessment", "assessments", "needs assessment"]),
    ("service-involvement", &["involvement with", "other services you are receiving", "services you receive"]),
    ("referral", &["referral", "reason for referral", "reasons for referral", "referral information", "referral details", "reason(s) for referral"]),
    ("safeguarding", &["safeguarding information", "risk factors", "child protection concerns", "safeguarding concerns"]),
    ("contact-records", &["records of visits", "recordings of any visits", "contact records"]),
    ("third-party-information", &["third party information", "information from third parties", "information about other people"]),
    ("health", &["health", "health information", "health data", "medical", "medical conditions", "medical condition", "medical information", "medical records", "health conditions", "health and care information"]),
    ("physical-health", &["physical health", "physical or mental health", "physical and mental health"]),
    ("mental-health", &["mental health", "emotional wellbeing", "physical or mental health", "physical and mental health"]),
    ("disability", &["disability", "disabilities"]),
    ("genetic", &["genetic", "genetic data"]),
    ("biometric", &["biometric", "biometric data", "fingerprints"]),
    ("racial-ethnic-origin", &["ethnicity", "ethnic origin", "race", "racial origin", "racial or ethnic origin", "ethnic"]),
    ("religion", &["religion", "religious beliefs", "religious", "philosophical beliefs", "faith", "religious or other beliefs"]),
    ("political-opinions", &["political opinions", "political beliefs", "politics", "political views"]),
    ("trade-union", &["trade union", "trade union membership"]),
    ("sexuality", &["sexual orientation", "sex life", "sexuality"]),
    ("criminal-offences", &["criminal offences", "criminal offence", "criminal convictions", "convictions", "offences", "criminal record", "criminal offence data"]),
    ("alleged-offences", &["alleged offences", "alleged offence", "alleged commission"]),
    ("criminal-proceedings", &["criminal proceedings", "proceedings for any offence", "sentences", "sentence of any court"]),
    ("teacher-reference-number", &["teacher reference number", "TRN"]),
    ("reference-number", &["reference number", "referral ID", "case reference", "application reference"]),
    ("professional-status", &["professional status", "teacher status", "qualified teacher status", "registration status", "induction status"]),
    ("qualifications", &["qualifications", "qualification", "degrees"]),
    ("income", &["income", "household income", "income band", "salary", "earnings"]),
    ("property", &["property", "UPRN", "energy performance certificate", "EPC", "tenure", "property reference"]),
    ("area-deprivation", &["deprivation", "index of multiple deprivation", "lower super output area", "LSOA"]),
    ("equality-monitoring", &["diversity monitoring", "equality monitoring", "equality and diversity", "diversity information"]),
    ("enquiry", &["nature of your problem", "reason for contacting", "your enquiry", "details about your situation"]),
    ("support-needs", &["support needs", "care needs", "specific needs", "access needs", "reasonable adjustments", "support you need"]),
    ("feedback", &["feedback", "compliments", "survey responses", "customer satisfaction", "complaints"]),
    ("correspondence", &["correspondence"]),
    ("online-activity", &["cookies", "cookie", "website usage", "user journeys", "cookie tracking", "website user information", "browsing"]),
    ("account-credentials", &["login account", "login details", "username", "password", "account details", "user account"]),
];

/// Phrases that hold a category's words but name no category.
#[rustfmt::skip]
pub(crate) const CATEGORY_BLOCKERS: &[&str] = &[
    "telephone helpline", "telephone support", "telephone service", "by telephone", "by phone",
    "by email", "email us", "our emails", "email service", "send you emails", "emails sent",
    "web address", "address the", "health visitors", "health visiting", "health services",
    "health and social care provider", "public health", "mental health services",
    "education services", "education scotland", "education sector", "education act",
    "department for education", "employment agencies", "property of", "cookie usage policy",
    "cookies page", "how we use cookies",
];

/// Categories of data subjects.
#[rustfmt::skip]
pub(crate) const SUBJECTS: &[(&str, &[&str])] = &[
    ("children", &["children", "child", "young people", "young person", "children and young people", "your child"]),
    ("looked-after-children", &["looked after children", "looked-after children", "children in care", "cared for children"]),
    ("care-leavers", &["care leavers"]),
    ("children-in-need", &["children in need"]),
    ("children-placed-out-of-area", &["placed out of authority", "placed out of area"]),
    ("children-with-send", &["children with special educational needs", "children with disabilities"]),
    ("pupils", &["pupils", "pupil", "learners", "students"]),
    ("adults", &["adults"]),
    ("vulnerable-adults", &["vulnerable adults", "adults at risk"]),
    ("adult-social-care-users", &["adult social care"]),
    ("parents-and-carers", &["parents", "parent", "carers", "carer", "guardians", "guardian", "parents/carers"]),
    ("family-members", &["family members", "relatives"]),
    ("service-users", &["service users", "people who use our services", "customers"]),
    ("families", &["families"]),
    ("website-users", &["website users", "visitors to our website", "visit our website", "users of our website", "when you visit"]),
    ("complainants", &["complainants", "enquirers", "people who complain"]),
    ("referrers", &["referrers", "referrer", "person making an allegation", "person who made the referral"]),
    ("employees", &["employees", "employee", "job applicants"]),
    ("teachers", &["teachers", "teacher"]),
    ("witnesses", &["witnesses", "witness"]),
    ("applicants", &["applicants", "applicant"]),
    ("clinically-extremely-vulnerable", &["clinically extremely vulnerable", "extremely vulnerable"]),
    ("representatives", &["on behalf of someone else", "on someone else's behalf", "legal representative", "acting on behalf of"]),
    ("householders", &["householders", "homeowners", "tenants"]),
    ("survey-participants", &["surveys", "survey", "research participants", "focus groups"]),
];

/// Phrases that hold a subject's words but name no subject.
#[rustfmt::skip]
pub(crate) const SUBJECT_BLOCKERS: &[&str] = &[
    "your family", "children act", "children's act", "children’s act",
    "children and families act", "children's social care", "children’s social care",
    "children's services", "children’s services", "children and families service",
    "safeguarding of children", "protection of children act", "adult social care users",
    "child protection", "teaching council",
];

/// Purposes of processing.
#[rustfmt::skip]
pub(crate) const PURPOSES: &[(&str, &[&str])] = &[
    ("service-delivery", &["deliver services", "delivering services", "provide services", "provide a service", "delivering a service", "get the support they need", "services and support"]),
    ("service-management", &["manage those services", "manage our services", "maintain records", "accurate, up to date records", "administration of the service"]),
    ("access-to-services", &["access services", "access to services", "gain access to", "make the best use of services"]),
    ("advice-and-support", &["advice", "practical assistance", "emotional support", "guidance services", "advice services"]),
    ("referral-handling", &["referral", "referrals", "allocate an appropriate service", "progress referrals", "refer them"]),
    ("assessment-of-need", &["assess", "identify any unmet needs", "identify where additional support", "unmet needs", "meet the needs", "identify which families need"]),
    ("targeting-services", &["target services", "better target", "targeting"]),
    ("integrated-services", &["integrated services", "co-ordinate", "coordinate"]),
    ("safeguarding", &["safeguard", "safeguarding", "keep children safe", "keep them safe", "protect a child", "protect children", "child protection", "safe and stable", "young people safe", "keep you safe"]),
    ("wellbeing", &["wellbeing", "well-being", "welfare", "best interests"]),
    ("views-and-wishes", &["views, wishes and feelings", "wishes and feelings", "views and wishes"]),
    ("outcomes", &["best outcomes", "outcomes", "aspirations"]),
    ("preparation-for-adulthood", &["adulthood", "independent living"]),
    ("early-help", &["early help"]),
    ("supporting-families-programme", &["Supporting Families Programme", "Troubled Families"]),
    ("service-improvement", &["improve the service", "improve services", "improve our services", "service improvement", "quality assure", "evaluate and improve", "check the quality", "improve our policies", "improvements"]),
    ("planning", &["planning", "plan services"]),
    ("research", &["research"]),
    ("statistics", &["statistics", "statistical", "statutory returns", "statistical returns"]),
    ("performance-monitoring", &["assess performance", "set targets", "performance monitoring", "monitor the success", "monitor performance"]),
    ("evidencing-outcomes", &["evidencing", "report on progress", "difference we are making"]),
    ("complaints", &["complaints", "investigate complaints", "account for our decisions", "questions or complaints"]),
    ("staff-training", &["train and monitor our staff", "train and manage", "training our staff", "staff training", "teach, train"]),
    ("financial-management", &["keep track of spending", "expense claims", "expenses"]),
    ("crime-prevention", &["prevent or detect crime", "prevent and detect crime", "prevention or detection of crime", "prevention and detection of crime", "prevent crime", "detect crime", "other crime"]),
    ("fraud-prevention", &["prevent fraud", "detect fraud", "fraud prevention", "money laundering", "money-laundering", "crime and fraud"]),
    ("identity-verification", &["verify your identity", "confirm your identity", "who you say you are", "identity verification", "check your identity"]),
    ("it-maintenance", &["IT systems", "systems on our IT network", "update the systems"]),
    ("legal-obligation", &["comply with the law", "legal obligations", "statutory functions", "statutory duties", "required by law"]),
    ("public-protection", &["protect the public", "risks to the public", "public protection"]),
    ("professional-regulation", &["regulate the teaching profession", "regulate the profession", "regulating the teaching profession", "professional misconduct", "serious misconduct"]),
    ("education-provision", &["educating", "education service", "teaching", "educational progress", "deliver education", "enrolment"]),
    ("eligibility-assessment", &["eligible", "eligibility", "qualify for", "whether you qualify"]),
    ("case-communications", &["keep you up to date", "keep you informed", "notify you", "updates about your", "contact you about the next steps"]),
    ("informing-about-services", &["future schemes", "future grant schemes", "newsletters", "marketing", "information about future"]),
    ("account-management", &["administer your", "your login account", "operation of your login", "manage your account"]),
    ("security", &["prevent attacks", "malicious activity", "keep our systems secure", "security of our"]),
    ("audit", &["audit", "audits", "assurance audits"]),
    ("equality-monitoring", &["monitoring equality", "equality monitoring", "equal opportunities"]),
    ("debt-recovery", &["debt collection", "debt recovery", "tracing", "recover debts", "collection and enforcement"]),
    ("email-communications", &["send out emails", "send you emails", "our emails to you", "email newsletters"]),
    ("policy-development", &["policy development", "develop policy", "developing policy"]),
];

/// Phrases that hold a purpose's words but name no purpose.
#[rustfmt::skip]
pub(crate) const PURPOSE_BLOCKERS: &[&str] = &[
    "referral id", "referral information", "reason for referral", "reasons for referral",
    "subject access", "fraud prevention agencies", "fraud is detected", "independent advice",
    "advice about data protection", "legal advice", "teaching council", "teaching regulators",
    "teaching qualifications", "children's social care",
];
