// Generated from Sources/KafaeDomain (ScienceCatalogue.json()); CatalogueTests keeps it equal.
export default {
  "forms" : [
    {
      "bands" : [
        {
          "key" : "outstanding",
          "label" : {
            "en" : "Outstanding",
            "th" : "ยอดเยี่ยม"
          },
          "min" : 90
        },
        {
          "key" : "excellent",
          "label" : {
            "en" : "Excellent",
            "th" : "ดีเยี่ยม"
          },
          "min" : 85
        },
        {
          "key" : "veryGood",
          "label" : {
            "en" : "Very good",
            "th" : "ดีมาก"
          },
          "min" : 80
        },
        {
          "key" : "belowSpecialty",
          "label" : {
            "en" : "Below specialty",
            "th" : "ต่ำกว่าเกรดพิเศษ"
          },
          "min" : null
        }
      ],
      "cupsPerSample" : 5,
      "id" : "sca2004",
      "name" : {
        "en" : "SCA 2004 cupping form",
        "th" : "แบบฟอร์มคัปปิ้ง SCA 2004"
      },
      "scoring" : {
        "kind" : "sum"
      },
      "sections" : [
        {
          "choices" : [

          ],
          "key" : "fragranceAroma",
          "kind" : "quality",
          "label" : {
            "en" : "Fragrance/Aroma",
            "th" : "กลิ่นหอม (ผงแห้ง/เปียก)"
          },
          "max" : 10,
          "min" : 6,
          "points" : 0,
          "required" : true,
          "step" : 0.25
        },
        {
          "choices" : [

          ],
          "key" : "flavor",
          "kind" : "quality",
          "label" : {
            "en" : "Flavor",
            "th" : "รสชาติ"
          },
          "max" : 10,
          "min" : 6,
          "points" : 0,
          "required" : true,
          "step" : 0.25
        },
        {
          "choices" : [

          ],
          "key" : "aftertaste",
          "kind" : "quality",
          "label" : {
            "en" : "Aftertaste",
            "th" : "รสที่ค้างในปาก"
          },
          "max" : 10,
          "min" : 6,
          "points" : 0,
          "required" : true,
          "step" : 0.25
        },
        {
          "choices" : [

          ],
          "key" : "acidity",
          "kind" : "quality",
          "label" : {
            "en" : "Acidity",
            "th" : "ความเปรี้ยว"
          },
          "max" : 10,
          "min" : 6,
          "points" : 0,
          "required" : true,
          "step" : 0.25
        },
        {
          "choices" : [

          ],
          "key" : "body",
          "kind" : "quality",
          "label" : {
            "en" : "Body",
            "th" : "บอดี้"
          },
          "max" : 10,
          "min" : 6,
          "points" : 0,
          "required" : true,
          "step" : 0.25
        },
        {
          "choices" : [

          ],
          "key" : "balance",
          "kind" : "quality",
          "label" : {
            "en" : "Balance",
            "th" : "ความสมดุล"
          },
          "max" : 10,
          "min" : 6,
          "points" : 0,
          "required" : true,
          "step" : 0.25
        },
        {
          "choices" : [

          ],
          "key" : "overall",
          "kind" : "quality",
          "label" : {
            "en" : "Overall",
            "th" : "ภาพรวม"
          },
          "max" : 10,
          "min" : 6,
          "points" : 0,
          "required" : true,
          "step" : 0.25
        },
        {
          "choices" : [

          ],
          "key" : "uniformCups",
          "kind" : "cups",
          "label" : {
            "en" : "Uniformity (cups)",
            "th" : "ความสม่ำเสมอ (ถ้วย)"
          },
          "max" : 5,
          "min" : 0,
          "points" : 2,
          "required" : true,
          "step" : 1
        },
        {
          "choices" : [

          ],
          "key" : "cleanCups",
          "kind" : "cups",
          "label" : {
            "en" : "Clean cup (cups)",
            "th" : "ความสะอาด (ถ้วย)"
          },
          "max" : 5,
          "min" : 0,
          "points" : 2,
          "required" : true,
          "step" : 1
        },
        {
          "choices" : [

          ],
          "key" : "sweetCups",
          "kind" : "cups",
          "label" : {
            "en" : "Sweetness (cups)",
            "th" : "ความหวาน (ถ้วย)"
          },
          "max" : 5,
          "min" : 0,
          "points" : 2,
          "required" : true,
          "step" : 1
        },
        {
          "choices" : [

          ],
          "key" : "taintCups",
          "kind" : "deduction",
          "label" : {
            "en" : "Taint cups",
            "th" : "ถ้วยที่มีตำหนิเล็กน้อย (taint)"
          },
          "max" : 5,
          "min" : 0,
          "points" : 2,
          "required" : false,
          "step" : 1
        },
        {
          "choices" : [

          ],
          "key" : "faultCups",
          "kind" : "deduction",
          "label" : {
            "en" : "Fault cups",
            "th" : "ถ้วยที่มีข้อบกพร่อง (fault)"
          },
          "max" : 5,
          "min" : 0,
          "points" : 4,
          "required" : false,
          "step" : 1
        }
      ],
      "source" : "SCAA Cupping Protocols, rev. 2004; SCAA Cupping Form"
    },
    {
      "bands" : [
        {
          "key" : "outstanding",
          "label" : {
            "en" : "Outstanding",
            "th" : "ยอดเยี่ยม"
          },
          "min" : 90
        },
        {
          "key" : "excellent",
          "label" : {
            "en" : "Excellent",
            "th" : "ดีเยี่ยม"
          },
          "min" : 85
        },
        {
          "key" : "veryGood",
          "label" : {
            "en" : "Very good",
            "th" : "ดีมาก"
          },
          "min" : 80
        },
        {
          "key" : "belowSpecialty",
          "label" : {
            "en" : "Below specialty",
            "th" : "ต่ำกว่าเกรดพิเศษ"
          },
          "min" : null
        }
      ],
      "cupsPerSample" : 5,
      "id" : "cva2024",
      "name" : {
        "en" : "SCA CVA 2024 affective",
        "th" : "SCA CVA 2024 (ประเมินความชอบ)"
      },
      "scoring" : {
        "factor" : 0.65625,
        "kind" : "linear",
        "offset" : 52.75,
        "roundTo" : 0.25
      },
      "sections" : [
        {
          "choices" : [

          ],
          "key" : "fragrance",
          "kind" : "quality",
          "label" : {
            "en" : "Fragrance",
            "th" : "กลิ่นผงแห้ง"
          },
          "max" : 9,
          "min" : 1,
          "points" : 0,
          "required" : true,
          "step" : 1
        },
        {
          "choices" : [

          ],
          "key" : "aroma",
          "kind" : "quality",
          "label" : {
            "en" : "Aroma",
            "th" : "กลิ่นหลังชง"
          },
          "max" : 9,
          "min" : 1,
          "points" : 0,
          "required" : true,
          "step" : 1
        },
        {
          "choices" : [

          ],
          "key" : "flavor",
          "kind" : "quality",
          "label" : {
            "en" : "Flavor",
            "th" : "รสชาติ"
          },
          "max" : 9,
          "min" : 1,
          "points" : 0,
          "required" : true,
          "step" : 1
        },
        {
          "choices" : [

          ],
          "key" : "aftertaste",
          "kind" : "quality",
          "label" : {
            "en" : "Aftertaste",
            "th" : "รสที่ค้างในปาก"
          },
          "max" : 9,
          "min" : 1,
          "points" : 0,
          "required" : true,
          "step" : 1
        },
        {
          "choices" : [

          ],
          "key" : "acidity",
          "kind" : "quality",
          "label" : {
            "en" : "Acidity",
            "th" : "ความเปรี้ยว"
          },
          "max" : 9,
          "min" : 1,
          "points" : 0,
          "required" : true,
          "step" : 1
        },
        {
          "choices" : [

          ],
          "key" : "sweetness",
          "kind" : "quality",
          "label" : {
            "en" : "Sweetness",
            "th" : "ความหวาน"
          },
          "max" : 9,
          "min" : 1,
          "points" : 0,
          "required" : true,
          "step" : 1
        },
        {
          "choices" : [

          ],
          "key" : "mouthfeel",
          "kind" : "quality",
          "label" : {
            "en" : "Mouthfeel",
            "th" : "สัมผัสในปาก"
          },
          "max" : 9,
          "min" : 1,
          "points" : 0,
          "required" : true,
          "step" : 1
        },
        {
          "choices" : [

          ],
          "key" : "overall",
          "kind" : "quality",
          "label" : {
            "en" : "Overall",
            "th" : "ภาพรวม"
          },
          "max" : 9,
          "min" : 1,
          "points" : 0,
          "required" : true,
          "step" : 1
        },
        {
          "choices" : [

          ],
          "key" : "nonUniformCups",
          "kind" : "deduction",
          "label" : {
            "en" : "Non-uniform cups",
            "th" : "ถ้วยที่ไม่สม่ำเสมอ"
          },
          "max" : 5,
          "min" : 0,
          "points" : 2,
          "required" : false,
          "step" : 1
        },
        {
          "choices" : [

          ],
          "key" : "defectiveCups",
          "kind" : "deduction",
          "label" : {
            "en" : "Defective cups",
            "th" : "ถ้วยที่มีข้อบกพร่อง"
          },
          "max" : 5,
          "min" : 0,
          "points" : 4,
          "required" : false,
          "step" : 1
        }
      ],
      "source" : "SCA Coffee Value Assessment, Cupping Form: Affective Assessment (2024)"
    },
    {
      "bands" : [

      ],
      "cupsPerSample" : 5,
      "id" : "cva2024Descriptive",
      "name" : {
        "en" : "SCA CVA 2024 descriptive",
        "th" : "SCA CVA 2024 (ประเมินเชิงพรรณนา)"
      },
      "scoring" : {
        "kind" : "none"
      },
      "sections" : [
        {
          "choices" : [

          ],
          "key" : "fragrance",
          "kind" : "intensity",
          "label" : {
            "en" : "Fragrance intensity",
            "th" : "ความเข้มกลิ่นผงแห้ง"
          },
          "max" : 15,
          "min" : 0,
          "points" : 0,
          "required" : true,
          "step" : 1
        },
        {
          "choices" : [

          ],
          "key" : "aroma",
          "kind" : "intensity",
          "label" : {
            "en" : "Aroma intensity",
            "th" : "ความเข้มกลิ่นหลังชง"
          },
          "max" : 15,
          "min" : 0,
          "points" : 0,
          "required" : true,
          "step" : 1
        },
        {
          "choices" : [

          ],
          "key" : "flavor",
          "kind" : "intensity",
          "label" : {
            "en" : "Flavor intensity",
            "th" : "ความเข้มรสชาติ"
          },
          "max" : 15,
          "min" : 0,
          "points" : 0,
          "required" : true,
          "step" : 1
        },
        {
          "choices" : [

          ],
          "key" : "aftertaste",
          "kind" : "intensity",
          "label" : {
            "en" : "Aftertaste intensity",
            "th" : "ความเข้มรสที่ค้าง"
          },
          "max" : 15,
          "min" : 0,
          "points" : 0,
          "required" : true,
          "step" : 1
        },
        {
          "choices" : [

          ],
          "key" : "acidity",
          "kind" : "intensity",
          "label" : {
            "en" : "Acidity intensity",
            "th" : "ความเข้มความเปรี้ยว"
          },
          "max" : 15,
          "min" : 0,
          "points" : 0,
          "required" : true,
          "step" : 1
        },
        {
          "choices" : [

          ],
          "key" : "sweetness",
          "kind" : "intensity",
          "label" : {
            "en" : "Sweetness intensity",
            "th" : "ความเข้มความหวาน"
          },
          "max" : 15,
          "min" : 0,
          "points" : 0,
          "required" : true,
          "step" : 1
        },
        {
          "choices" : [

          ],
          "key" : "mouthfeel",
          "kind" : "intensity",
          "label" : {
            "en" : "Mouthfeel intensity",
            "th" : "ความเข้มสัมผัสในปาก"
          },
          "max" : 15,
          "min" : 0,
          "points" : 0,
          "required" : true,
          "step" : 1
        },
        {
          "choices" : [
            "floral",
            "fruity",
            "berry",
            "driedFruit",
            "citrusFruit",
            "sourFermented",
            "greenVegetative",
            "chemical",
            "musty",
            "roasted",
            "cereal",
            "burnt",
            "nuttyCocoa",
            "nutty",
            "cocoa",
            "spice",
            "sweet",
            "vanilla",
            "brownSugar"
          ],
          "key" : "aromaDescriptors",
          "kind" : "descriptors",
          "label" : {
            "en" : "Fragrance/aroma descriptors",
            "th" : "ลักษณะกลิ่น"
          },
          "max" : 0,
          "min" : 0,
          "points" : 0,
          "required" : false,
          "step" : 0
        },
        {
          "choices" : [
            "floral",
            "fruity",
            "berry",
            "driedFruit",
            "citrusFruit",
            "sourFermented",
            "greenVegetative",
            "chemical",
            "musty",
            "roasted",
            "cereal",
            "burnt",
            "nuttyCocoa",
            "nutty",
            "cocoa",
            "spice",
            "sweet",
            "vanilla",
            "brownSugar"
          ],
          "key" : "flavorDescriptors",
          "kind" : "descriptors",
          "label" : {
            "en" : "Flavor/aftertaste descriptors",
            "th" : "ลักษณะรสชาติ"
          },
          "max" : 0,
          "min" : 0,
          "points" : 0,
          "required" : false,
          "step" : 0
        },
        {
          "choices" : [
            "salty",
            "sour",
            "sweet",
            "bitter",
            "umami"
          ],
          "key" : "mainTastes",
          "kind" : "descriptors",
          "label" : {
            "en" : "Main tastes",
            "th" : "รสหลัก"
          },
          "max" : 0,
          "min" : 0,
          "points" : 0,
          "required" : false,
          "step" : 0
        },
        {
          "choices" : [
            "rough",
            "oily",
            "smooth",
            "mouthDrying",
            "metallic"
          ],
          "key" : "mouthfeelDescriptors",
          "kind" : "descriptors",
          "label" : {
            "en" : "Mouthfeel descriptors",
            "th" : "ลักษณะสัมผัส"
          },
          "max" : 0,
          "min" : 0,
          "points" : 0,
          "required" : false,
          "step" : 0
        }
      ],
      "source" : "SCA Coffee Value Assessment, Cupping Form: Descriptive Assessment (2024)"
    },
    {
      "bands" : [
        {
          "key" : "fine",
          "label" : {
            "en" : "Fine Robusta",
            "th" : "Fine Robusta"
          },
          "min" : 80
        },
        {
          "key" : "belowFine",
          "label" : {
            "en" : "Below Fine",
            "th" : "ต่ำกว่าเกรด Fine"
          },
          "min" : null
        }
      ],
      "cupsPerSample" : 5,
      "id" : "fineRobusta",
      "name" : {
        "en" : "CQI Fine Robusta form",
        "th" : "แบบฟอร์ม Fine Robusta (CQI)"
      },
      "scoring" : {
        "kind" : "sum"
      },
      "sections" : [
        {
          "choices" : [

          ],
          "key" : "fragranceAroma",
          "kind" : "quality",
          "label" : {
            "en" : "Fragrance/Aroma",
            "th" : "กลิ่นหอม (ผงแห้ง/เปียก)"
          },
          "max" : 10,
          "min" : 6,
          "points" : 0,
          "required" : true,
          "step" : 0.25
        },
        {
          "choices" : [

          ],
          "key" : "flavor",
          "kind" : "quality",
          "label" : {
            "en" : "Flavor",
            "th" : "รสชาติ"
          },
          "max" : 10,
          "min" : 6,
          "points" : 0,
          "required" : true,
          "step" : 0.25
        },
        {
          "choices" : [

          ],
          "key" : "aftertaste",
          "kind" : "quality",
          "label" : {
            "en" : "Aftertaste",
            "th" : "รสที่ค้างในปาก"
          },
          "max" : 10,
          "min" : 6,
          "points" : 0,
          "required" : true,
          "step" : 0.25
        },
        {
          "choices" : [

          ],
          "key" : "saltAcid",
          "kind" : "quality",
          "label" : {
            "en" : "Salt/Acid",
            "th" : "เค็ม/เปรี้ยว"
          },
          "max" : 10,
          "min" : 6,
          "points" : 0,
          "required" : true,
          "step" : 0.25
        },
        {
          "choices" : [

          ],
          "key" : "bitterSweet",
          "kind" : "quality",
          "label" : {
            "en" : "Bitter/Sweet",
            "th" : "ขม/หวาน"
          },
          "max" : 10,
          "min" : 6,
          "points" : 0,
          "required" : true,
          "step" : 0.25
        },
        {
          "choices" : [

          ],
          "key" : "mouthfeel",
          "kind" : "quality",
          "label" : {
            "en" : "Mouthfeel",
            "th" : "สัมผัสในปาก"
          },
          "max" : 10,
          "min" : 6,
          "points" : 0,
          "required" : true,
          "step" : 0.25
        },
        {
          "choices" : [

          ],
          "key" : "balance",
          "kind" : "quality",
          "label" : {
            "en" : "Balance",
            "th" : "ความสมดุล"
          },
          "max" : 10,
          "min" : 6,
          "points" : 0,
          "required" : true,
          "step" : 0.25
        },
        {
          "choices" : [

          ],
          "key" : "overall",
          "kind" : "quality",
          "label" : {
            "en" : "Overall",
            "th" : "ภาพรวม"
          },
          "max" : 10,
          "min" : 6,
          "points" : 0,
          "required" : true,
          "step" : 0.25
        },
        {
          "choices" : [

          ],
          "key" : "uniformCups",
          "kind" : "cups",
          "label" : {
            "en" : "Uniform cups",
            "th" : "ความสม่ำเสมอ (ถ้วย)"
          },
          "max" : 5,
          "min" : 0,
          "points" : 2,
          "required" : true,
          "step" : 1
        },
        {
          "choices" : [

          ],
          "key" : "cleanCups",
          "kind" : "cups",
          "label" : {
            "en" : "Clean cups",
            "th" : "ความสะอาด (ถ้วย)"
          },
          "max" : 5,
          "min" : 0,
          "points" : 2,
          "required" : true,
          "step" : 1
        },
        {
          "choices" : [

          ],
          "key" : "taintCups",
          "kind" : "deduction",
          "label" : {
            "en" : "Taint cups",
            "th" : "ถ้วยที่มีตำหนิเล็กน้อย (taint)"
          },
          "max" : 5,
          "min" : 0,
          "points" : 2,
          "required" : false,
          "step" : 1
        },
        {
          "choices" : [

          ],
          "key" : "faultCups",
          "kind" : "deduction",
          "label" : {
            "en" : "Fault cups",
            "th" : "ถ้วยที่มีข้อบกพร่อง (fault)"
          },
          "max" : 5,
          "min" : 0,
          "points" : 4,
          "required" : false,
          "step" : 1
        }
      ],
      "source" : "CQI & UCDA, Fine Robusta Standards and Protocols (2010)"
    },
    {
      "bands" : [
        {
          "key" : "outstanding",
          "label" : {
            "en" : "Outstanding",
            "th" : "ยอดเยี่ยม"
          },
          "min" : 90
        },
        {
          "key" : "excellent",
          "label" : {
            "en" : "Excellent",
            "th" : "ดีเยี่ยม"
          },
          "min" : 85
        },
        {
          "key" : "veryGood",
          "label" : {
            "en" : "Very good",
            "th" : "ดีมาก"
          },
          "min" : 80
        },
        {
          "key" : "belowSpecialty",
          "label" : {
            "en" : "Below specialty",
            "th" : "ต่ำกว่าเกรดพิเศษ"
          },
          "min" : null
        }
      ],
      "cupsPerSample" : 5,
      "id" : "cqiArabicaPanel",
      "name" : {
        "en" : "CQI panel result (arabica)",
        "th" : "ผลรวมคณะผู้ชิม CQI (อาราบิก้า)"
      },
      "scoring" : {
        "key" : "totalCupPoints",
        "kind" : "reported"
      },
      "sections" : [
        {
          "choices" : [

          ],
          "key" : "aroma",
          "kind" : "quality",
          "label" : {
            "en" : "Aroma",
            "th" : "กลิ่นหอม"
          },
          "max" : 10,
          "min" : 0,
          "points" : 0,
          "required" : true,
          "step" : 0.01
        },
        {
          "choices" : [

          ],
          "key" : "flavor",
          "kind" : "quality",
          "label" : {
            "en" : "Flavor",
            "th" : "รสชาติ"
          },
          "max" : 10,
          "min" : 0,
          "points" : 0,
          "required" : true,
          "step" : 0.01
        },
        {
          "choices" : [

          ],
          "key" : "aftertaste",
          "kind" : "quality",
          "label" : {
            "en" : "Aftertaste",
            "th" : "รสที่ค้างในปาก"
          },
          "max" : 10,
          "min" : 0,
          "points" : 0,
          "required" : true,
          "step" : 0.01
        },
        {
          "choices" : [

          ],
          "key" : "acidity",
          "kind" : "quality",
          "label" : {
            "en" : "Acidity",
            "th" : "ความเปรี้ยว"
          },
          "max" : 10,
          "min" : 0,
          "points" : 0,
          "required" : true,
          "step" : 0.01
        },
        {
          "choices" : [

          ],
          "key" : "body",
          "kind" : "quality",
          "label" : {
            "en" : "Body",
            "th" : "บอดี้"
          },
          "max" : 10,
          "min" : 0,
          "points" : 0,
          "required" : true,
          "step" : 0.01
        },
        {
          "choices" : [

          ],
          "key" : "balance",
          "kind" : "quality",
          "label" : {
            "en" : "Balance",
            "th" : "ความสมดุล"
          },
          "max" : 10,
          "min" : 0,
          "points" : 0,
          "required" : true,
          "step" : 0.01
        },
        {
          "choices" : [

          ],
          "key" : "uniformity",
          "kind" : "quality",
          "label" : {
            "en" : "Uniformity",
            "th" : "ความสม่ำเสมอ"
          },
          "max" : 10,
          "min" : 0,
          "points" : 0,
          "required" : true,
          "step" : 0.01
        },
        {
          "choices" : [

          ],
          "key" : "cleanCup",
          "kind" : "quality",
          "label" : {
            "en" : "Clean cup",
            "th" : "ความสะอาด"
          },
          "max" : 10,
          "min" : 0,
          "points" : 0,
          "required" : true,
          "step" : 0.01
        },
        {
          "choices" : [

          ],
          "key" : "sweetness",
          "kind" : "quality",
          "label" : {
            "en" : "Sweetness",
            "th" : "ความหวาน"
          },
          "max" : 10,
          "min" : 0,
          "points" : 0,
          "required" : true,
          "step" : 0.01
        },
        {
          "choices" : [

          ],
          "key" : "overall",
          "kind" : "quality",
          "label" : {
            "en" : "Overall (cupper points)",
            "th" : "ภาพรวม (Cupper points)"
          },
          "max" : 10,
          "min" : 0,
          "points" : 0,
          "required" : true,
          "step" : 0.01
        },
        {
          "choices" : [

          ],
          "key" : "totalCupPoints",
          "kind" : "quality",
          "label" : {
            "en" : "Total cup points as published",
            "th" : "คะแนนรวมที่ประกาศ"
          },
          "max" : 100,
          "min" : 0,
          "points" : 0,
          "required" : true,
          "step" : 0.01
        }
      ],
      "source" : "Coffee Quality Institute review records (SCA 2004 form, panel averages)"
    },
    {
      "bands" : [
        {
          "key" : "fine",
          "label" : {
            "en" : "Fine Robusta",
            "th" : "Fine Robusta"
          },
          "min" : 80
        },
        {
          "key" : "belowFine",
          "label" : {
            "en" : "Below Fine",
            "th" : "ต่ำกว่าเกรด Fine"
          },
          "min" : null
        }
      ],
      "cupsPerSample" : 5,
      "id" : "cqiRobustaPanel",
      "name" : {
        "en" : "CQI panel result (robusta)",
        "th" : "ผลรวมคณะผู้ชิม CQI (โรบัสต้า)"
      },
      "scoring" : {
        "key" : "totalCupPoints",
        "kind" : "reported"
      },
      "sections" : [
        {
          "choices" : [

          ],
          "key" : "fragranceAroma",
          "kind" : "quality",
          "label" : {
            "en" : "Fragrance/Aroma",
            "th" : "กลิ่นหอม"
          },
          "max" : 10,
          "min" : 0,
          "points" : 0,
          "required" : true,
          "step" : 0.01
        },
        {
          "choices" : [

          ],
          "key" : "flavor",
          "kind" : "quality",
          "label" : {
            "en" : "Flavor",
            "th" : "รสชาติ"
          },
          "max" : 10,
          "min" : 0,
          "points" : 0,
          "required" : true,
          "step" : 0.01
        },
        {
          "choices" : [

          ],
          "key" : "aftertaste",
          "kind" : "quality",
          "label" : {
            "en" : "Aftertaste",
            "th" : "รสที่ค้างในปาก"
          },
          "max" : 10,
          "min" : 0,
          "points" : 0,
          "required" : true,
          "step" : 0.01
        },
        {
          "choices" : [

          ],
          "key" : "saltAcid",
          "kind" : "quality",
          "label" : {
            "en" : "Salt/Acid",
            "th" : "เค็ม/เปรี้ยว"
          },
          "max" : 10,
          "min" : 0,
          "points" : 0,
          "required" : true,
          "step" : 0.01
        },
        {
          "choices" : [

          ],
          "key" : "bitterSweet",
          "kind" : "quality",
          "label" : {
            "en" : "Bitter/Sweet",
            "th" : "ขม/หวาน"
          },
          "max" : 10,
          "min" : 0,
          "points" : 0,
          "required" : true,
          "step" : 0.01
        },
        {
          "choices" : [

          ],
          "key" : "mouthfeel",
          "kind" : "quality",
          "label" : {
            "en" : "Mouthfeel",
            "th" : "สัมผัสในปาก"
          },
          "max" : 10,
          "min" : 0,
          "points" : 0,
          "required" : true,
          "step" : 0.01
        },
        {
          "choices" : [

          ],
          "key" : "uniformCup",
          "kind" : "quality",
          "label" : {
            "en" : "Uniform cup",
            "th" : "ความสม่ำเสมอ"
          },
          "max" : 10,
          "min" : 0,
          "points" : 0,
          "required" : true,
          "step" : 0.01
        },
        {
          "choices" : [

          ],
          "key" : "cleanCup",
          "kind" : "quality",
          "label" : {
            "en" : "Clean cup",
            "th" : "ความสะอาด"
          },
          "max" : 10,
          "min" : 0,
          "points" : 0,
          "required" : true,
          "step" : 0.01
        },
        {
          "choices" : [

          ],
          "key" : "balance",
          "kind" : "quality",
          "label" : {
            "en" : "Balance",
            "th" : "ความสมดุล"
          },
          "max" : 10,
          "min" : 0,
          "points" : 0,
          "required" : true,
          "step" : 0.01
        },
        {
          "choices" : [

          ],
          "key" : "overall",
          "kind" : "quality",
          "label" : {
            "en" : "Overall (cupper points)",
            "th" : "ภาพรวม (Cupper points)"
          },
          "max" : 10,
          "min" : 0,
          "points" : 0,
          "required" : true,
          "step" : 0.01
        },
        {
          "choices" : [

          ],
          "key" : "totalCupPoints",
          "kind" : "quality",
          "label" : {
            "en" : "Total cup points as published",
            "th" : "คะแนนรวมที่ประกาศ"
          },
          "max" : 100,
          "min" : 0,
          "points" : 0,
          "required" : true,
          "step" : 0.01
        }
      ],
      "source" : "Coffee Quality Institute review records (Fine Robusta form, panel averages)"
    }
  ],
  "gradingStandards" : [
    {
      "defects" : [
        {
          "category" : 1,
          "key" : "fullBlack",
          "label" : {
            "en" : "Full black",
            "th" : "เมล็ดดำทั้งเมล็ด"
          },
          "perFullDefect" : 1
        },
        {
          "category" : 1,
          "key" : "fullSour",
          "label" : {
            "en" : "Full sour",
            "th" : "เมล็ดเปรี้ยวทั้งเมล็ด"
          },
          "perFullDefect" : 1
        },
        {
          "category" : 1,
          "key" : "driedCherry",
          "label" : {
            "en" : "Dried cherry/pod",
            "th" : "ผลแห้ง/เชอร์รี่แห้ง"
          },
          "perFullDefect" : 1
        },
        {
          "category" : 1,
          "key" : "fungusDamaged",
          "label" : {
            "en" : "Fungus damaged",
            "th" : "เมล็ดขึ้นรา"
          },
          "perFullDefect" : 1
        },
        {
          "category" : 1,
          "key" : "foreignMatter",
          "label" : {
            "en" : "Foreign matter",
            "th" : "สิ่งแปลกปลอม"
          },
          "perFullDefect" : 1
        },
        {
          "category" : 1,
          "key" : "severeInsectDamage",
          "label" : {
            "en" : "Severe insect damage",
            "th" : "แมลงกัดรุนแรง"
          },
          "perFullDefect" : 5
        },
        {
          "category" : 2,
          "key" : "partialBlack",
          "label" : {
            "en" : "Partial black",
            "th" : "เมล็ดดำบางส่วน"
          },
          "perFullDefect" : 3
        },
        {
          "category" : 2,
          "key" : "partialSour",
          "label" : {
            "en" : "Partial sour",
            "th" : "เมล็ดเปรี้ยวบางส่วน"
          },
          "perFullDefect" : 3
        },
        {
          "category" : 2,
          "key" : "parchment",
          "label" : {
            "en" : "Parchment/pergamino",
            "th" : "เมล็ดติดกะลา"
          },
          "perFullDefect" : 5
        },
        {
          "category" : 2,
          "key" : "floater",
          "label" : {
            "en" : "Floater",
            "th" : "เมล็ดลอยน้ำ"
          },
          "perFullDefect" : 5
        },
        {
          "category" : 2,
          "key" : "immature",
          "label" : {
            "en" : "Immature/unripe",
            "th" : "เมล็ดอ่อน/ไม่สุก"
          },
          "perFullDefect" : 5
        },
        {
          "category" : 2,
          "key" : "withered",
          "label" : {
            "en" : "Withered",
            "th" : "เมล็ดเหี่ยว"
          },
          "perFullDefect" : 5
        },
        {
          "category" : 2,
          "key" : "shell",
          "label" : {
            "en" : "Shell",
            "th" : "เมล็ดเปลือกหอย"
          },
          "perFullDefect" : 5
        },
        {
          "category" : 2,
          "key" : "brokenChipped",
          "label" : {
            "en" : "Broken/chipped/cut",
            "th" : "เมล็ดแตก/บิ่น/ถูกตัด"
          },
          "perFullDefect" : 5
        },
        {
          "category" : 2,
          "key" : "hullHusk",
          "label" : {
            "en" : "Hull/husk",
            "th" : "เปลือก/กาก"
          },
          "perFullDefect" : 5
        },
        {
          "category" : 2,
          "key" : "slightInsectDamage",
          "label" : {
            "en" : "Slight insect damage",
            "th" : "แมลงกัดเล็กน้อย"
          },
          "perFullDefect" : 10
        }
      ],
      "grades" : [
        {
          "key" : "specialty",
          "label" : {
            "en" : "Specialty",
            "th" : "เกรดพิเศษ (Specialty)"
          },
          "maxCategory1" : 0,
          "maxCategory2" : 5,
          "maxQuakers" : 0,
          "maxTotal" : 5,
          "requiresPhysicalChecks" : true
        },
        {
          "key" : "premium",
          "label" : {
            "en" : "Premium",
            "th" : "พรีเมียม"
          },
          "maxCategory1" : null,
          "maxCategory2" : null,
          "maxQuakers" : 3,
          "maxTotal" : 8,
          "requiresPhysicalChecks" : false
        },
        {
          "key" : "exchange",
          "label" : {
            "en" : "Exchange",
            "th" : "เกรดตลาด (Exchange)"
          },
          "maxCategory1" : null,
          "maxCategory2" : null,
          "maxQuakers" : 5,
          "maxTotal" : 23,
          "requiresPhysicalChecks" : false
        },
        {
          "key" : "belowStandard",
          "label" : {
            "en" : "Below standard",
            "th" : "ต่ำกว่ามาตรฐาน"
          },
          "maxCategory1" : null,
          "maxCategory2" : null,
          "maxQuakers" : null,
          "maxTotal" : 86,
          "requiresPhysicalChecks" : false
        },
        {
          "key" : "offGrade",
          "label" : {
            "en" : "Off grade",
            "th" : "นอกเกรด"
          },
          "maxCategory1" : null,
          "maxCategory2" : null,
          "maxQuakers" : null,
          "maxTotal" : null,
          "requiresPhysicalChecks" : false
        }
      ],
      "id" : "scaArabica",
      "moistureRange" : [
        10,
        12
      ],
      "name" : {
        "en" : "SCA arabica",
        "th" : "SCA อาราบิก้า"
      },
      "sampleG" : 350,
      "source" : "SCA Arabica Green Coffee Defect Handbook; SCAA green grading classes; SCA green coffee standards (2018)",
      "waterActivityBelow" : 0.7
    },
    {
      "defects" : [
        {
          "category" : 1,
          "key" : "fullBlack",
          "label" : {
            "en" : "Full black",
            "th" : "เมล็ดดำทั้งเมล็ด"
          },
          "perFullDefect" : 1
        },
        {
          "category" : 1,
          "key" : "fullSour",
          "label" : {
            "en" : "Full sour",
            "th" : "เมล็ดเปรี้ยวทั้งเมล็ด"
          },
          "perFullDefect" : 1
        },
        {
          "category" : 1,
          "key" : "driedCherry",
          "label" : {
            "en" : "Dried cherry/pod",
            "th" : "ผลแห้ง/เชอร์รี่แห้ง"
          },
          "perFullDefect" : 1
        },
        {
          "category" : 1,
          "key" : "fungusDamaged",
          "label" : {
            "en" : "Fungus damaged",
            "th" : "เมล็ดขึ้นรา"
          },
          "perFullDefect" : 1
        },
        {
          "category" : 1,
          "key" : "foreignMatter",
          "label" : {
            "en" : "Foreign matter",
            "th" : "สิ่งแปลกปลอม"
          },
          "perFullDefect" : 1
        },
        {
          "category" : 1,
          "key" : "severeInsectDamage",
          "label" : {
            "en" : "Severe insect damage",
            "th" : "แมลงกัดรุนแรง"
          },
          "perFullDefect" : 5
        },
        {
          "category" : 2,
          "key" : "partialBlack",
          "label" : {
            "en" : "Partial black",
            "th" : "เมล็ดดำบางส่วน"
          },
          "perFullDefect" : 3
        },
        {
          "category" : 2,
          "key" : "partialSour",
          "label" : {
            "en" : "Partial sour",
            "th" : "เมล็ดเปรี้ยวบางส่วน"
          },
          "perFullDefect" : 3
        },
        {
          "category" : 2,
          "key" : "parchment",
          "label" : {
            "en" : "Parchment/pergamino",
            "th" : "เมล็ดติดกะลา"
          },
          "perFullDefect" : 5
        },
        {
          "category" : 2,
          "key" : "floater",
          "label" : {
            "en" : "Floater",
            "th" : "เมล็ดลอยน้ำ"
          },
          "perFullDefect" : 5
        },
        {
          "category" : 2,
          "key" : "immature",
          "label" : {
            "en" : "Immature/unripe",
            "th" : "เมล็ดอ่อน/ไม่สุก"
          },
          "perFullDefect" : 5
        },
        {
          "category" : 2,
          "key" : "withered",
          "label" : {
            "en" : "Withered",
            "th" : "เมล็ดเหี่ยว"
          },
          "perFullDefect" : 5
        },
        {
          "category" : 2,
          "key" : "chalkyWhite",
          "label" : {
            "en" : "Chalky white",
            "th" : "เมล็ดขาวขุ่น (chalky white)"
          },
          "perFullDefect" : 5
        },
        {
          "category" : 2,
          "key" : "brokenChipped",
          "label" : {
            "en" : "Broken/chipped/cut",
            "th" : "เมล็ดแตก/บิ่น/ถูกตัด"
          },
          "perFullDefect" : 5
        },
        {
          "category" : 2,
          "key" : "hullHusk",
          "label" : {
            "en" : "Hull/husk",
            "th" : "เปลือก/กาก"
          },
          "perFullDefect" : 5
        },
        {
          "category" : 2,
          "key" : "slightInsectDamage",
          "label" : {
            "en" : "Slight insect damage",
            "th" : "แมลงกัดเล็กน้อย"
          },
          "perFullDefect" : 10
        }
      ],
      "grades" : [
        {
          "key" : "fine",
          "label" : {
            "en" : "Fine",
            "th" : "Fine Robusta"
          },
          "maxCategory1" : 0,
          "maxCategory2" : 5,
          "maxQuakers" : 0,
          "maxTotal" : 5,
          "requiresPhysicalChecks" : true
        },
        {
          "key" : "premium",
          "label" : {
            "en" : "Premium",
            "th" : "พรีเมียม"
          },
          "maxCategory1" : null,
          "maxCategory2" : null,
          "maxQuakers" : 3,
          "maxTotal" : 8,
          "requiresPhysicalChecks" : false
        },
        {
          "key" : "offGrade",
          "label" : {
            "en" : "Off grade",
            "th" : "นอกเกรด"
          },
          "maxCategory1" : null,
          "maxCategory2" : null,
          "maxQuakers" : null,
          "maxTotal" : null,
          "requiresPhysicalChecks" : false
        }
      ],
      "id" : "fineRobusta",
      "moistureRange" : [
        10,
        12
      ],
      "name" : {
        "en" : "CQI Fine Robusta",
        "th" : "Fine Robusta (CQI)"
      },
      "sampleG" : 350,
      "source" : "CQI & UCDA, Fine Robusta Standards and Protocols (2010)",
      "waterActivityBelow" : 0.7
    }
  ]
};
