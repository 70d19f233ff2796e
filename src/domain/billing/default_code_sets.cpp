// SPDX-License-Identifier: AGPL-3.0-or-later
// The default code set. ICD-10-CM and HCPCS texts are the public-domain CMS descriptions of the
// releases named; everything else is written by us. CPT codes are bare numbers: their
// descriptors are the AMA's, and a practice imports its licensed file to get them.
#include "domain/billing/default_code_sets.hpp"

namespace medoffice::domain {

namespace {

struct Row {
  const char* code;
  bool billable;
  const char* shortText;
  const char* longText;
};

// ICD-10-CM FY2026 (CMS order file), common in primary care; E11 and M545 are headers.
constexpr Row kIcd10Cm[] = {
    {"E119", true, "Type 2 diabetes mellitus without complications",
     "Type 2 diabetes mellitus without complications"},
    {"E1165", true, "Type 2 diabetes mellitus with hyperglycemia",
     "Type 2 diabetes mellitus with hyperglycemia"},
    {"E1122", true, "Type 2 diabetes mellitus w diabetic chronic kidney disease",
     "Type 2 diabetes mellitus with diabetic chronic kidney disease"},
    {"E1140", true, "Type 2 diabetes mellitus with diabetic neuropathy, unsp",
     "Type 2 diabetes mellitus with diabetic neuropathy, unspecified"},
    {"E1129", true, "Type 2 diabetes mellitus w oth diabetic kidney complication",
     "Type 2 diabetes mellitus with other diabetic kidney complication"},
    {"E11", false, "Type 2 diabetes mellitus", "Type 2 diabetes mellitus"},
    {"E6601", true, "Morbid (severe) obesity due to excess calories",
     "Morbid (severe) obesity due to excess calories"},
    {"E669", true, "Obesity, unspecified", "Obesity, unspecified"},
    {"E785", true, "Hyperlipidemia, unspecified", "Hyperlipidemia, unspecified"},
    {"E782", true, "Mixed hyperlipidemia", "Mixed hyperlipidemia"},
    {"E039", true, "Hypothyroidism, unspecified", "Hypothyroidism, unspecified"},
    {"E559", true, "Vitamin D deficiency, unspecified", "Vitamin D deficiency, unspecified"},
    {"E871", true, "Hypo-osmolality and hyponatremia", "Hypo-osmolality and hyponatremia"},
    {"I10", true, "Essential (primary) hypertension", "Essential (primary) hypertension"},
    {"I2510", true, "Athscl heart disease of native coronary artery w/o ang pctrs",
     "Atherosclerotic heart disease of native coronary artery without angina pectoris"},
    {"I4891", true, "Unspecified atrial fibrillation", "Unspecified atrial fibrillation"},
    {"I509", true, "Heart failure, unspecified", "Heart failure, unspecified"},
    {"J069", true, "Acute upper respiratory infection, unspecified",
     "Acute upper respiratory infection, unspecified"},
    {"J029", true, "Acute pharyngitis, unspecified", "Acute pharyngitis, unspecified"},
    {"J0190", true, "Acute sinusitis, unspecified", "Acute sinusitis, unspecified"},
    {"J209", true, "Acute bronchitis, unspecified", "Acute bronchitis, unspecified"},
    {"J189", true, "Pneumonia, unspecified organism", "Pneumonia, unspecified organism"},
    {"J40", true, "Bronchitis, not specified as acute or chronic",
     "Bronchitis, not specified as acute or chronic"},
    {"J45909", true, "Unspecified asthma, uncomplicated", "Unspecified asthma, uncomplicated"},
    {"J449", true, "Chronic obstructive pulmonary disease, unspecified",
     "Chronic obstructive pulmonary disease, unspecified"},
    {"J301", true, "Allergic rhinitis due to pollen", "Allergic rhinitis due to pollen"},
    {"J310", true, "Chronic rhinitis", "Chronic rhinitis"},
    {"R051", true, "Acute cough", "Acute cough"},
    {"R052", true, "Subacute cough", "Subacute cough"},
    {"R0602", true, "Shortness of breath", "Shortness of breath"},
    {"R079", true, "Chest pain, unspecified", "Chest pain, unspecified"},
    {"R109", true, "Unspecified abdominal pain", "Unspecified abdominal pain"},
    {"R110", true, "Nausea", "Nausea"},
    {"R112", true, "Nausea with vomiting, unspecified", "Nausea with vomiting, unspecified"},
    {"R197", true, "Diarrhea, unspecified", "Diarrhea, unspecified"},
    {"R42", true, "Dizziness and giddiness", "Dizziness and giddiness"},
    {"R509", true, "Fever, unspecified", "Fever, unspecified"},
    {"R519", true, "Headache, unspecified", "Headache, unspecified"},
    {"R5383", true, "Other fatigue", "Other fatigue"},
    {"R739", true, "Hyperglycemia, unspecified", "Hyperglycemia, unspecified"},
    {"R7303", true, "Prediabetes", "Prediabetes"},
    {"K219", true, "Gastro-esophageal reflux disease without esophagitis",
     "Gastro-esophageal reflux disease without esophagitis"},
    {"K5900", true, "Constipation, unspecified", "Constipation, unspecified"},
    {"N390", true, "Urinary tract infection, site not specified",
     "Urinary tract infection, site not specified"},
    {"N400", true, "Benign prostatic hyperplasia without lower urinry tract symp",
     "Benign prostatic hyperplasia without lower urinary tract symptoms"},
    {"N1830", true, "Chronic kidney disease, stage 3 unspecified",
     "Chronic kidney disease, stage 3 unspecified"},
    {"M545", false, "Low back pain", "Low back pain"},
    {"M5450", true, "Low back pain, unspecified", "Low back pain, unspecified"},
    {"M25561", true, "Pain in right knee", "Pain in right knee"},
    {"M25562", true, "Pain in left knee", "Pain in left knee"},
    {"M79604", true, "Pain in right leg", "Pain in right leg"},
    {"M1990", true, "Unspecified osteoarthritis, unspecified site",
     "Unspecified osteoarthritis, unspecified site"},
    {"M170", true, "Bilateral primary osteoarthritis of knee",
     "Bilateral primary osteoarthritis of knee"},
    {"M810", true, "Age-related osteoporosis w/o current pathological fracture",
     "Age-related osteoporosis without current pathological fracture"},
    {"F329", true, "Major depressive disorder, single episode, unspecified",
     "Major depressive disorder, single episode, unspecified"},
    {"F411", true, "Generalized anxiety disorder", "Generalized anxiety disorder"},
    {"F419", true, "Anxiety disorder, unspecified", "Anxiety disorder, unspecified"},
    {"F17210", true, "Nicotine dependence, cigarettes, uncomplicated",
     "Nicotine dependence, cigarettes, uncomplicated"},
    {"F909", true, "Attention-deficit hyperactivity disorder, unspecified type",
     "Attention-deficit hyperactivity disorder, unspecified type"},
    {"G4700", true, "Insomnia, unspecified", "Insomnia, unspecified"},
    {"G43909", true, "Migraine, unsp, not intractable, without status migrainosus",
     "Migraine, unspecified, not intractable, without status migrainosus"},
    {"G8929", true, "Other chronic pain", "Other chronic pain"},
    {"L309", true, "Dermatitis, unspecified", "Dermatitis, unspecified"},
    {"L700", true, "Acne vulgaris", "Acne vulgaris"},
    {"B349", true, "Viral infection, unspecified", "Viral infection, unspecified"},
    {"D649", true, "Anemia, unspecified", "Anemia, unspecified"},
    {"H6690", true, "Otitis media, unspecified, unspecified ear",
     "Otitis media, unspecified, unspecified ear"},
    {"H1030", true, "Unspecified acute conjunctivitis, unspecified eye",
     "Unspecified acute conjunctivitis, unspecified eye"},
    {"Z0000", true, "Encntr for general adult medical exam w/o abnormal findings",
     "Encounter for general adult medical examination without abnormal findings"},
    {"Z0001", true, "Encounter for general adult medical exam w abnormal findings",
     "Encounter for general adult medical examination with abnormal findings"},
    {"Z00121", true, "Encounter for routine child health exam w abnormal findings",
     "Encounter for routine child health examination with abnormal findings"},
    {"Z00129", true, "Encntr for routine child health exam w/o abnormal findings",
     "Encounter for routine child health examination without abnormal findings"},
    {"Z23", true, "Encounter for immunization", "Encounter for immunization"},
    {"Z1231", true, "Encntr screen mammogram for malignant neoplasm of breast",
     "Encounter for screening mammogram for malignant neoplasm of breast"},
    {"Z1211", true, "Encounter for screening for malignant neoplasm of colon",
     "Encounter for screening for malignant neoplasm of colon"},
    {"Z131", true, "Encounter for screening for diabetes mellitus",
     "Encounter for screening for diabetes mellitus"},
    {"Z7189", true, "Other specified counseling", "Other specified counseling"},
    {"Z720", true, "Tobacco use", "Tobacco use"},
    {"Z79899", true, "Other long term (current) drug therapy",
     "Other long term (current) drug therapy"},
    {"Z7901", true, "Long term (current) use of anticoagulants",
     "Long term (current) use of anticoagulants"},
    {"Z6830", true, "Body mass index [BMI] 30.0-30.9, adult",
     "Body mass index [BMI] 30.0-30.9, adult"},
    {"U071", true, "COVID-19", "COVID-19"},
    {"Z20822", true, "Contact with and (suspected) exposure to COVID-19",
     "Contact with and (suspected) exposure to COVID-19"},
};

// HCPCS Level II, January 2025 (CMS file).
constexpr Row kHcpcs[] = {
    {"G0008", true, "Admin influenza virus vac", "Administration of influenza virus vaccine"},
    {"G0009", true, "Admin pneumococcal vaccine", "Administration of pneumococcal vaccine"},
    {"G0103", true, "Psa screening",
     "Prostate cancer screening; prostate specific antigen test (psa)"},
    {"G0402", true, "Initial preventive exam",
     "Initial preventive physical examination; face-to-face visit, services limited to new "
     "beneficiary during the first 12 months of medicare enrollment"},
    {"G0438", true, "Ppps, initial visit",
     "Annual wellness visit; includes a personalized prevention plan of service (pps), initial "
     "visit"},
    {"G0439", true, "Ppps, subseq visit",
     "Annual wellness visit, includes a personalized prevention plan of service (pps), subsequent "
     "visit"},
    {"G0442", true, "Annual alcohol screen 15 min",
     "Annual alcohol misuse screening, 5 to 15 minutes"},
    {"G0444", true, "Depression screen annual", "Annual depression screening, 5 to 15 minutes"},
    {"J0696", true, "Ceftriaxone sodium injection", "Injection, ceftriaxone sodium, per 250 mg"},
    {"J3420", true, "Vitamin b12 injection",
     "Injection, vitamin b-12 cyanocobalamin, up to 1000 mcg"},
};

// Bare CPT codes common in a primary-care office: numbers only.
constexpr const char* kCpt[] = {
    "99202", "99203", "99204", "99205", "99211", "99212", "99213", "99214", "99215",
    "99381", "99382", "99383", "99384", "99385", "99386", "99387", "99391", "99392",
    "99393", "99394", "99395", "99396", "99397", "99401", "99406", "99497", "90471",
    "90472", "90686", "90715", "36415", "81002", "81003", "82947", "83036", "85025",
    "80053", "80061", "87880", "93000", "94010", "96127", "17110", "20610", "69210"};

// Modifiers, in our words.
constexpr Row kModifiers[] = {
    {"24", true, "",
     "Evaluation and management visit in a postoperative period for a problem "
     "unrelated to the surgery"},
    {"25", true, "",
     "Separate, significant evaluation and management visit on the same day as a "
     "procedure or another service"},
    {"26", true, "",
     "Professional part only: the reading and report, without the equipment and "
     "staff"},
    {"33", true, "", "Preventive service billed so that the patient owes no cost sharing"},
    {"50", true, "", "Same procedure done on both sides of the body in one session"},
    {"51", true, "", "Several procedures done in the same session"},
    {"52", true, "", "Service cut short by the clinician's choice"},
    {"53", true, "", "Procedure stopped before the end for the patient's safety"},
    {"57", true, "", "Evaluation and management visit at which surgery was decided"},
    {"59", true, "", "Procedure distinct from the other services of the same day"},
    {"76", true, "", "Same procedure repeated the same day by the same clinician"},
    {"77", true, "", "Same procedure repeated the same day by another clinician"},
    {"91", true, "", "Laboratory test repeated the same day to obtain a new result"},
    {"93", true, "", "Telehealth visit by real-time audio only"},
    {"95", true, "", "Telehealth visit by real-time audio and video"},
    {"AI", true, "", "Principal physician of record for a hospital or nursing facility stay"},
    {"CS", true, "", "Cost sharing waived under a specific public health program"},
    {"FS", true, "", "Visit split or shared between a physician and another practitioner"},
    {"GA", true, "",
     "The patient signed the payer's advance notice that the service may not be "
     "covered"},
    {"GC", true, "", "Done in part by a resident under a teaching physician"},
    {"GT", true, "", "Telehealth by audio and video, for payers that still ask for it"},
    {"GY", true, "", "Not a benefit, or excluded by law: the patient is responsible"},
    {"GZ", true, "", "Expected to be denied as not necessary, with no advance notice signed"},
    {"JW", true, "", "Part of a single-use drug vial thrown away and not given to anyone"},
    {"JZ", true, "", "No part of the drug was thrown away"},
    {"KX", true, "", "The payer's policy requirements are met and documented"},
    {"LT", true, "", "Left side of the body"},
    {"QW", true, "", "Laboratory test waived under CLIA"},
    {"RT", true, "", "Right side of the body"},
    {"TC", true, "", "Technical part only: the equipment and staff, without the reading"},
    {"XE", true, "", "Separate encounter on the same day"},
    {"XP", true, "", "Done by a different practitioner"},
    {"XS", true, "", "Done on a separate organ or body structure"},
    {"XU", true, "", "Unusual service that does not overlap the main service"},
};

// Places of service, in our words.
constexpr Row kPlaces[] = {
    {"01", true, "", "Pharmacy"},
    {"02", true, "", "Telehealth, patient not at home"},
    {"03", true, "", "School"},
    {"04", true, "", "Homeless shelter"},
    {"10", true, "", "Telehealth, patient at home"},
    {"11", true, "", "Office"},
    {"12", true, "", "Patient's home"},
    {"13", true, "", "Assisted living facility"},
    {"19", true, "", "Outpatient hospital department away from the main campus"},
    {"20", true, "", "Urgent care clinic"},
    {"21", true, "", "Hospital, inpatient"},
    {"22", true, "", "Outpatient hospital department on the main campus"},
    {"23", true, "", "Hospital emergency department"},
    {"24", true, "", "Ambulatory surgery center"},
    {"31", true, "", "Skilled nursing facility"},
    {"32", true, "", "Nursing facility"},
    {"33", true, "", "Custodial care facility"},
    {"49", true, "", "Independent clinic"},
    {"50", true, "", "Federally qualified health center"},
    {"71", true, "", "Public health clinic"},
    {"72", true, "", "Rural health clinic"},
    {"81", true, "", "Independent laboratory"},
    {"99", true, "", "Any other place"},
};

// Claim adjustment reason codes, in our words.
constexpr Row kCarc[] = {
    {"1", true, "", "Deductible"},
    {"2", true, "", "Coinsurance"},
    {"3", true, "", "Co-payment"},
    {"4", true, "", "The procedure code needs a different modifier, or one is missing"},
    {"16", true, "", "The claim lacks information needed to process it"},
    {"18", true, "", "Duplicate of a claim or service already received"},
    {"22", true, "", "Another payer may be primary"},
    {"23", true, "", "Reduced by what an earlier payer paid or adjusted"},
    {"27", true, "", "Service after the coverage ended"},
    {"29", true, "", "Filed after the payer's deadline"},
    {"45", true, "", "Charge above the fee schedule or contracted amount"},
    {"50", true, "", "The payer does not find the service medically necessary"},
    {"96", true, "", "Charge not covered"},
    {"97", true, "", "Paid as part of another service"},
    {"109", true, "", "Not covered by this payer; bill the right one"},
    {"119", true, "", "Benefit limit for the period reached"},
    {"197", true, "", "Prior authorization or precertification missing"},
    {"204", true, "", "Not covered by the patient's current plan"},
    {"253", true, "", "Sequestration: the federal payment reduction"},
};

// Remittance advice remark codes, in our words.
constexpr Row kRarc[] = {
    {"M15", true, "", "Services billed separately were paid as one"},
    {"M51", true, "", "Procedure code missing or not valid"},
    {"M76", true, "", "Diagnosis missing or not valid"},
    {"M80", true, "", "Not paid when done in the same session as a service already processed"},
    {"MA04", true, "", "Secondary claim needs the primary payer's details and payment"},
    {"MA130", true, "", "Claim incomplete or invalid: send a corrected claim, not an appeal"},
    {"N130", true, "", "See the plan's benefit documents for the limits that apply"},
    {"N290", true, "", "Rendering provider identifier missing or not valid"},
    {"N362", true, "", "More days or units than the payer accepts"},
    {"N381", true, "", "See the contract for the billing and payment terms"},
};

template <std::size_t N>
DefaultCodeSet setOf(CodeSystem system, int year, const Row (&rows)[N]) {
  DefaultCodeSet out{system, year, {}};
  out.codes.reserve(N);
  for (const Row& r : rows) out.codes.push_back({r.code, r.billable, r.shortText, r.longText, {}});
  return out;
}

std::vector<DefaultCodeSet> build() {
  std::vector<DefaultCodeSet> out;
  out.push_back(setOf(CodeSystem::kIcd10Cm, 2026, kIcd10Cm));
  out.push_back(setOf(CodeSystem::kHcpcs, 2025, kHcpcs));
  DefaultCodeSet cpt{CodeSystem::kCpt, 0, {}};
  for (const char* c : kCpt) cpt.codes.push_back({c, true, "", "", {}});
  out.push_back(std::move(cpt));
  out.push_back(setOf(CodeSystem::kModifier, 0, kModifiers));
  out.push_back(setOf(CodeSystem::kPos, 0, kPlaces));
  out.push_back(setOf(CodeSystem::kCarc, 0, kCarc));
  out.push_back(setOf(CodeSystem::kRarc, 0, kRarc));
  return out;
}

}  // namespace

const std::vector<DefaultCodeSet>& defaultCodeSets() {
  static const std::vector<DefaultCodeSet> sets = build();
  return sets;
}

}  // namespace medoffice::domain
